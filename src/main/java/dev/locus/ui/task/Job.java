package dev.locus.ui.task;

import java.time.Duration;
import javafx.concurrent.Task;

/**
 * One piece of work on the {@link ModelThread}: its progress, message with ETA, and cancel are what the job list
 * shows. The work reports through {@link Reporter}, from the model thread; the updates reach the JavaFX thread
 * coalesced, as {@link Task} does.
 */
public final class Job<T> extends Task<T> {

    /** The work itself, run on the model thread. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Reporter reporter) throws Exception;
    }

    /** How work reports, from the model thread. */
    public interface Reporter {
        /** {@code done} of {@code total} units of {@code stage}; the job's message gets an ETA from the rate so far. */
        void progress(String stage, double done, double total);

        /** Throws {@link java.util.concurrent.CancellationException} when the job was cancelled. */
        void checkCancelled();
    }

    private final Work<T> work;
    private long started;
    private String stage;
    private long stageStarted;

    Job(String title, Work<T> work) {
        this.work = work;
        updateTitle(title);
        updateMessage("waiting");
    }

    @Override
    protected T call() throws Exception {
        started = System.nanoTime();
        updateMessage("starting");
        return work.run(new Reporter() {
            @Override
            public void progress(String s, double done, double total) {
                long now = System.nanoTime();
                if (!s.equals(stage)) {
                    stage = s;
                    stageStarted = now;
                }
                updateProgress(done, total);
                updateMessage(message(s, done, total, (now - stageStarted) / 1e9));
            }

            @Override
            public void checkCancelled() {
                if (isCancelled() || Thread.currentThread().isInterrupted()) {
                    throw new java.util.concurrent.CancellationException("cancelled");
                }
            }
        });
    }

    /** Seconds since the job started on the model thread (0 while waiting). */
    public double elapsedSeconds() {
        return started == 0 ? 0 : (System.nanoTime() - started) / 1e9;
    }

    /** "stage: 40 of 100, about 1 min 20 s left" */
    static String message(String stage, double done, double total, double seconds) {
        StringBuilder b = new StringBuilder(stage);
        if (total > 0) {
            b.append(": ").append(Math.round(done)).append(" of ").append(Math.round(total));
            if (done > 0 && done < total && seconds > 1) {
                b.append(", about ").append(duration(seconds / done * (total - done))).append(" left");
            }
        }
        return b.toString();
    }

    /** "45 s", "3 min 05 s", "1 h 02 min" */
    static String duration(double seconds) {
        Duration d = Duration.ofSeconds(Math.round(seconds));
        if (d.toHours() > 0) {
            return String.format("%d h %02d min", d.toHours(), d.toMinutesPart());
        }
        if (d.toMinutes() > 0) {
            return String.format("%d min %02d s", d.toMinutes(), d.toSecondsPart());
        }
        return d.toSeconds() + " s";
    }
}
