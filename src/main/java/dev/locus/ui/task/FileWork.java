package dev.locus.ui.task;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * File reading and writing off the JavaFX thread (run folders, figures, workspace files), on a thread of its own:
 * not the {@link ModelThread}, which may be busy with an edit for minutes while a user exports a figure. Work here
 * never touches tensors.
 */
public final class FileWork {
    private static final ExecutorService EXECUTOR = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "locus-files");
        t.setDaemon(true);
        return t;
    });

    private final ModelThread thread;
    private final Consumer<String> message;

    /**
     * @param thread lists cancellable file jobs with its own, and logs failures
     * @param message shows a short message to the user
     */
    public FileWork(ModelThread thread, Consumer<String> message) {
        this.thread = thread;
        this.message = message;
    }

    /**
     * Runs a long write (an export of many figures) on the file thread as a {@link Job} in the job list, where the
     * user sees its progress and can cancel it; cancelling interrupts the write between files, and every file is
     * written whole or not at all. onDone runs on the JavaFX thread after success; the future completes after it, with
     * the failure, or, once the cancelled work has stopped, with a CancellationException.
     */
    public <T> CompletableFuture<T> cancellable(String what, Job.Work<T> work,
            Consumer<T> onDone) {
        CompletableFuture<T> done = new CompletableFuture<>();
        Job<T> job = new Job<>(what, work);
        job.setOnSucceeded(e -> {
            try {
                onDone.accept(job.getValue());
                done.complete(job.getValue());
            } catch (RuntimeException ex) {
                message.accept(what + ": " + thread.log().error(what, ex));
                done.completeExceptionally(ex);
            }
        });
        job.setOnFailed(e -> done.completeExceptionally(job.getException())); // the job list reported it
        // A task is CANCELLED as soon as cancel() is called, while the file thread may still be removing the file
        // it was writing; the thread's next task runs only once that work has ended, so the news waits for it.
        job.setOnCancelled(e -> EXECUTOR.execute(() -> ModelThread.fx(() -> {
            message.accept(what + ": cancelled; files written before stay, none is half-written");
            done.completeExceptionally(new java.util.concurrent.CancellationException(what + " cancelled"));
        })));
        ModelThread.fx(() -> {
            thread.track(job);
            EXECUTOR.execute(job);
        });
        return done;
    }

    /**
     * Runs work on the file thread, then onDone with its result on the JavaFX thread. A failure is logged in full and
     * shown as one line ("what: message"). The future completes after onDone ran (or with the failure), for tests.
     */
    public <T> CompletableFuture<T> run(String what, Callable<T> work, Consumer<T> onDone) {
        return run(EXECUTOR, what, work, onDone, line -> message.accept(what + ": " + line));
    }

    /** As {@link #run(String, Callable, Consumer)}, the failure's one line given to {@code failed} (a dialog). */
    public <T> CompletableFuture<T> run(String what, Callable<T> work, Consumer<T> onDone, Consumer<String> failed) {
        return run(EXECUTOR, what, work, onDone, failed);
    }

    /**
     * As {@link #run(String, Callable, Consumer)}, on another executor (work that may wait on other processes, so as not
     * to hold up the file thread), with the failure's one line given to {@code failed} on the JavaFX thread.
     */
    public <T> CompletableFuture<T> run(ExecutorService on, String what, Callable<T> work, Consumer<T> onDone,
                                        Consumer<String> failed) {
        CompletableFuture<T> done = new CompletableFuture<>();
        on.execute(() -> {
            T value;
            try {
                value = work.call();
            } catch (Throwable e) {
                String shown = thread.log().error(what, e);
                ModelThread.fx(() -> {
                    failed.accept(shown);
                    done.completeExceptionally(e);
                });
                return;
            }
            ModelThread.fx(() -> {
                try {
                    onDone.accept(value);
                    done.complete(value);
                } catch (RuntimeException e) {
                    failed.accept(thread.log().error(what, e));
                    done.completeExceptionally(e);
                }
            });
        });
        return done;
    }
}
