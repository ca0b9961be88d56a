package dev.locus.ui.runs;

import dev.locus.ui.task.Job;
import java.nio.file.Path;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One row of the run queue: a method (or the paper comparison) waiting, running or done. JavaFX thread only. */
public final class RunStatus {
    /** Where a run is. */
    public enum State {
        QUEUED("queued"), RUNNING("running"), FINISHED("finished"), CANCELLED("cancelled"), FAILED("failed");

        private final String text;

        State(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }

        public boolean done() {
            return this == FINISHED || this == CANCELLED || this == FAILED;
        }
    }

    private final String name;
    private final Path folder;
    private Job<?> job;
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(State.QUEUED);
    private final DoubleProperty seconds = new SimpleDoubleProperty();
    private final StringProperty detail = new SimpleStringProperty("waiting for the jobs before it");

    RunStatus(String name, Path folder) {
        this.name = name;
        this.folder = folder;
    }

    /** The job running it, set once, right after it is submitted. */
    void attach(Job<?> j) {
        this.job = j;
    }

    /** The method, or "paper comparison". */
    public String name() {
        return name;
    }

    /** The run folder it writes. */
    public Path folder() {
        return folder;
    }

    public Job<?> job() {
        return job;
    }

    public ObjectProperty<State> state() {
        return state;
    }

    /** Seconds it has run so far (updated as it reports), or took. */
    public DoubleProperty seconds() {
        return seconds;
    }

    /** What it is doing now (the job's stage and ETA), or how it ended. */
    public StringProperty detail() {
        return detail;
    }
}
