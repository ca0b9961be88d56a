package dev.locus.ui.window;

import dev.locus.ui.task.Job;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The job list of presentation mode, one line at the bottom of the window: the current job's title and stage, its
 * progress, how many more wait, and cancel. Shown only while jobs run, so the panels keep the whole screen.
 */
public final class JobBar extends HBox {
    private final Label title = new Label();
    private final Label detail = new Label();
    private final ProgressBar progress = new ProgressBar();
    private final Label more = new Label();
    private final HBox cancelHolder = new HBox();
    private final ObservableList<Job<?>> jobs;

    public JobBar(ObservableList<Job<?>> jobs) {
        this.jobs = jobs;
        getStyleClass().add("job-bar");
        setSpacing(12);
        setAlignment(Pos.CENTER_LEFT);
        title.getStyleClass().add("job-title");
        title.setMinWidth(Region.USE_PREF_SIZE);
        // The stage and ETA take what the line has left; the list in normal mode shows them in full.
        detail.getStyleClass().add("job-detail");
        detail.setMinWidth(0);
        detail.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(detail, Priority.ALWAYS);
        progress.setPrefWidth(220);
        progress.setMinWidth(120);
        more.getStyleClass().add("hint");
        more.setMinWidth(Region.USE_PREF_SIZE);
        getChildren().addAll(title, detail, progress, more, cancelHolder);
        jobs.addListener((ListChangeListener<Job<?>>) c -> follow());
        follow();
    }

    /** The job shown now (the first waiting or running one), or null. */
    public Job<?> current() {
        return jobs.isEmpty() ? null : jobs.get(0);
    }

    private void follow() {
        Job<?> job = current();
        setVisible(job != null);
        setManaged(job != null);
        title.textProperty().unbind();
        detail.textProperty().unbind();
        progress.progressProperty().unbind();
        cancelHolder.getChildren().clear();
        if (job == null) {
            title.setText("");
            detail.setText("");
            more.setText("");
            return;
        }
        title.textProperty().bind(job.titleProperty());
        detail.textProperty().bind(job.messageProperty());
        detail.setTooltip(new Tooltip());
        detail.getTooltip().textProperty().bind(job.messageProperty());
        progress.progressProperty().bind(job.progressProperty());
        more.setText(jobs.size() > 1 ? (jobs.size() - 1) + " more" : "");
        cancelHolder.getChildren().add(JobList.cancel(job));
    }
}
