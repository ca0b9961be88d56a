package dev.locus.ui.task;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The one thread that does the workbench's tensor work. Jobs run on it one after another, in the order submitted, so
 * a queue of edits is simply several submitted jobs; the JavaFX thread only renders what they report. Cancelling a
 * job interrupts this thread, which the engine's loops check between batches.
 */
public final class ModelThread implements AutoCloseable {
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "locus-model");
        t.setDaemon(true);
        return t;
    });
    private final AppLog log;
    /** Jobs waiting or running, in order; changed on the JavaFX thread only. */
    private final ObservableList<Job<?>> jobs = FXCollections.observableArrayList();
    private Consumer<String> onFailure = message -> { };

    public ModelThread(AppLog log) {
        this.log = log;
    }

    /**
     * Queues {@code work} (called on the model thread) and returns its job. Call on the JavaFX thread. A failure is
     * logged in full and reported to the failure handler as one line; the job's own handlers run after that.
     */
    public <T> Job<T> submit(String title, Job.Work<T> work) {
        Job<T> job = new Job<>(title, work);
        track(job);
        executor.execute(job);
        return job;
    }

    /**
     * Lists a job that runs elsewhere (an export on the file thread) with this thread's jobs, so that it shows in the
     * job list with its cancel button and failures are handled alike. Call on the JavaFX thread.
     */
    void track(Job<?> job) {
        String title = job.getTitle();
        jobs.add(job);
        job.stateProperty().addListener((obs, old, state) -> {
            switch (state) {
                case SUCCEEDED, CANCELLED -> jobs.remove(job);
                case FAILED -> {
                    jobs.remove(job);
                    String shown = log.error(title, job.getException());
                    onFailure.accept(title + ": " + shown);
                }
                default -> { }
            }
        });
    }

    /** Jobs waiting or running (JavaFX thread). */
    public ObservableList<Job<?>> jobs() {
        return jobs;
    }

    /** Who hears of failed jobs, on the JavaFX thread (the window shows a notification). */
    public void setOnFailure(Consumer<String> handler) {
        this.onFailure = handler;
    }

    /** Cancels every waiting or running job. */
    public void cancelAll() {
        for (Job<?> job : java.util.List.copyOf(jobs)) {
            job.cancel(true);
        }
    }

    public AppLog log() {
        return log;
    }

    /** Runs {@code r} on the JavaFX thread (now, when already on it). */
    public static void fx(Runnable r) {
        if (Platform.isFxApplicationThread()) {
            r.run();
        } else {
            Platform.runLater(r);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
