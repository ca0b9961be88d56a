package dev.locus.ui.window;

import dev.locus.ui.task.Job;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The running and waiting jobs beside the panels: each with its title, its stage and ETA wrapped over as many lines
 * as they need (never cut), a progress bar and cancel. Narrow (20em), so the panel keeps most of the window; it scrolls
 * only down, when many jobs wait.
 */
public final class JobList extends ScrollPane {
    private final VBox rows = new VBox();
    private final Label none = wrapped("No jobs are running.", "hint");

    public JobList(ObservableList<Job<?>> jobs) {
        rows.getStyleClass().add("job-rows");
        setContent(rows);
        setFitToWidth(true);
        setHbarPolicy(ScrollBarPolicy.NEVER);
        getStyleClass().addAll("job-list", "edge-to-edge");
        jobs.addListener((ListChangeListener<Job<?>>) c -> show(jobs));
        visibleProperty().addListener((obs, was, now) -> show(jobs));
        show(jobs);
    }

    /** The jobs' rows while the list is shown; none while it is closed (short jobs never build any). */
    private void show(ObservableList<Job<?>> jobs) {
        if (!isVisible()) {
            rows.getChildren().clear();
        } else if (jobs.isEmpty()) {
            rows.getChildren().setAll(none);
        } else {
            rows.getChildren().setAll(jobs.stream().map(JobList::row).toList());
        }
    }

    /** One job: title, detail (wrapped), progress and cancel. */
    static VBox row(Job<?> job) {
        Label title = wrapped(job.getTitle(), "job-title");
        Label detail = wrapped("", "job-detail");
        detail.textProperty().bind(job.messageProperty());
        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(job.progressProperty());
        progress.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(progress, Priority.ALWAYS);
        Button cancel = cancel(job);
        HBox line = new HBox(8, progress, cancel);
        line.setAlignment(Pos.CENTER_LEFT);
        VBox row = new VBox(4, title, detail, line);
        row.getStyleClass().add("job-row");
        return row;
    }

    static Button cancel(Job<?> job) {
        Button cancel = new Button("Cancel");
        cancel.getStyleClass().add("job-cancel");
        cancel.setMinWidth(Region.USE_PREF_SIZE);
        cancel.setTooltip(new Tooltip("Stop this job; what a run has finished stays in its run folder"));
        cancel.setOnAction(e -> job.cancel(true));
        return cancel;
    }

    private static Label wrapped(String text, String style) {
        Label l = new Label(text);
        l.getStyleClass().add(style);
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.setMaxWidth(Double.MAX_VALUE);
        return l;
    }
}
