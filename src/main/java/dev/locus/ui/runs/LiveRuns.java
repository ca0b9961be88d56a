package dev.locus.ui.runs;

import dev.locus.experiment.RunListener;
import dev.locus.experiment.RunRecorder;
import dev.locus.ui.task.AppLog;
import dev.locus.ui.task.Job;
import dev.locus.ui.task.ModelThread;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.animation.PauseTransition;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Worker;
import javafx.util.Duration;

/**
 * The runs of a session as they happen: the queue of runs with their state, and the live loss curves. The edit
 * panel's queue and the paper comparison start their runs here, so they share one way of reporting (one
 * {@link RunFeed} per run) and one chart. JavaFX thread only.
 */
public final class LiveRuns {
    /** The results panel rereads at most this often while a run writes metric rows. */
    static final long RUNS_CHANGED_MS = 500;

    /** The work of one run, on the model thread, reporting to listener. */
    @FunctionalInterface
    public interface RunWork {
        RunRecorder run(RunListener listener) throws Exception;
    }

    private final javafx.collections.ObservableList<Path> runs;
    private final javafx.beans.property.LongProperty runsChanged;
    private final LossCurves curves = new LossCurves();
    private final ObservableList<RunStatus> queue = FXCollections.observableArrayList();
    private long lastRunsChanged;
    private PauseTransition runsChangedLater;

    /**
     * @param runs the session's run folders, which a run joins when it starts
     * @param runsChanged ticks when a run's folder has new rows
     */
    public LiveRuns(ObservableList<Path> runs, javafx.beans.property.LongProperty runsChanged) {
        this.runs = runs;
        this.runsChanged = runsChanged;
    }

    public LossCurves curves() {
        return curves;
    }

    /** Runs of this session, oldest first: waiting, running and done. */
    public ObservableList<RunStatus> queue() {
        return queue;
    }

    /** Whether a run is waiting or running. */
    public boolean busy() {
        return queue.stream().anyMatch(r -> !r.state().get().done());
    }

    /** Drops finished runs from the queue and, when nothing runs, the loss curves: a new queue starts clean. */
    public void startNewQueue() {
        queue.removeIf(r -> r.state().get().done());
        if (!busy()) {
            curves.clear();
        }
    }

    /**
     * Queues a run on the model thread: it writes {@code out}, which joins {@code session.runs} when it starts; its
     * progress, losses and metric rows are reported as they come, and its row in {@link #queue} follows it.
     */
    public Job<RunRecorder> start(ModelThread thread, String title, String name, Path out, RunWork work) {
        // The row exists before the job: the job may start on the model thread before submit returns. Its
        // deliveries and state changes reach this thread only after this method returns, when the row has its job.
        RunStatus row = new RunStatus(name, out);
        Job<RunRecorder> job = thread.submit(title, reporter -> {
            dev.locus.model.Engines.start(); // readies this thread for training, whoever loaded the model
            RunFeed feed = new RunFeed(reporter, this, row);
            try {
                return work.run(feed);
            } finally {
                feed.flush();
            }
        });
        row.attach(job);
        queue.add(row);
        job.stateProperty().addListener((obs, old, state) -> changed(row, state));
        return job;
    }

    /** parent/name, or parent/name-2, -3... when a queue of the same second exists. */
    public static Path newFolder(Path parent, String name) {
        Path p = parent.resolve(name);
        for (int i = 2; Files.exists(p); i++) {
            p = parent.resolve(name + "-" + i);
        }
        return p;
    }

    /** Cancels every waiting and running run of the queue. */
    public void cancelAll() {
        for (RunStatus r : java.util.List.copyOf(queue)) {
            if (!r.state().get().done()) {
                r.job().cancel(true);
            }
        }
    }

    private void changed(RunStatus row, Worker.State state) {
        switch (state) {
            case RUNNING -> {
                row.state().set(RunStatus.State.RUNNING);
                row.detail().bind(row.job().messageProperty());
                if (!runs.contains(row.folder())) {
                    runs.add(row.folder());
                }
            }
            case SUCCEEDED -> ended(row, RunStatus.State.FINISHED, "wrote " + row.folder().getFileName());
            case CANCELLED -> ended(row, RunStatus.State.CANCELLED, "cancelled; the folder keeps what it finished");
            case FAILED -> ended(row, RunStatus.State.FAILED, AppLog.userMessage(row.job().getException()));
            default -> { }
        }
    }

    private void ended(RunStatus row, RunStatus.State state, String detail) {
        row.detail().unbind();
        row.detail().set(detail);
        row.seconds().set(row.job().elapsedSeconds());
        row.state().set(state);
        bumpRunsChanged();
    }

    /** The results panel rereads: now, or when {@value #RUNS_CHANGED_MS} ms have passed since it last did. */
    void requestRunsChanged() {
        long now = System.nanoTime();
        long wait = RUNS_CHANGED_MS - (now - lastRunsChanged) / 1_000_000;
        if (wait <= 0) {
            bumpRunsChanged();
        } else if (runsChangedLater == null) {
            runsChangedLater = new PauseTransition(Duration.millis(wait));
            runsChangedLater.setOnFinished(e -> bumpRunsChanged());
            runsChangedLater.play();
        }
    }

    private void bumpRunsChanged() {
        if (runsChangedLater != null) {
            runsChangedLater.stop();
            runsChangedLater = null;
        }
        lastRunsChanged = System.nanoTime();
        runsChanged.set(runsChanged.get() + 1);
    }
}
