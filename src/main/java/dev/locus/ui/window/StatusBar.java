package dev.locus.ui.window;

import dev.locus.ui.session.Session;
import dev.locus.ui.task.Job;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.util.Duration;

/**
 * The line at the bottom of the window: the loaded model and its device, the latest message, and the button that
 * shows the job list, which opens by itself while jobs run and closes when they end (unless opened by hand).
 */
public final class StatusBar extends HBox {
    /** Jobs shorter than this (describing a model) never flash the list open. */
    static final Duration OPEN_DELAY = Duration.millis(400);

    private final Label status = new Label();
    private final ToggleButton showJobs = new ToggleButton();

    public StatusBar(Session session, ObservableList<Job<?>> jobs, Node jobList) {
        Label device = new Label();
        device.textProperty().bind(Bindings.createStringBinding(() -> {
            var m = session.model.get();
            return m == null ? "no model loaded" : m.folder().getFileName() + " on " + m.deviceName();
        }, session.model));
        device.setTooltip(new Tooltip("The loaded model and the device its tensors are on"));
        showJobs.getStyleClass().add("show-jobs");
        showJobs.textProperty().bind(Bindings.createStringBinding(() -> {
            int n = jobs.size();
            return n == 0 ? "No jobs" : n == 1 ? "1 job" : n + " jobs";
        }, jobs));
        showJobs.setTooltip(new Tooltip("Show the running and waiting jobs, with progress and cancel"));
        jobList.visibleProperty().bind(showJobs.selectedProperty());
        jobList.managedProperty().bind(jobList.visibleProperty());
        boolean[] openedByJobs = {false};
        showJobs.setOnAction(e -> openedByJobs[0] = false);
        PauseTransition delay = new PauseTransition(OPEN_DELAY);
        delay.setOnFinished(e -> {
            if (!jobs.isEmpty() && !showJobs.isSelected()) {
                showJobs.setSelected(true);
                openedByJobs[0] = true;
            }
        });
        jobs.addListener((ListChangeListener<Job<?>>) c -> {
            if (!jobs.isEmpty() && !showJobs.isSelected()) {
                delay.playFromStart();
            } else if (jobs.isEmpty() && openedByJobs[0]) {
                showJobs.setSelected(false);
                openedByJobs[0] = false;
            }
        });
        status.getStyleClass().add("status-message");
        // The latest message may be long; the notification showed it in full, the log keeps it.
        status.setMinWidth(0);
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        getChildren().addAll(device, status, grow, showJobs);
        setSpacing(12);
        setAlignment(Pos.CENTER_LEFT);
        getStyleClass().add("status-bar");
        setPadding(new Insets(4, 10, 4, 10));
    }

    /** Shows the latest message. */
    public void message(String text) {
        status.setText(text);
        status.setTooltip(new Tooltip(text));
    }

    /** The button that shows or hides the job list. */
    public ToggleButton jobsButton() {
        return showJobs;
    }
}
