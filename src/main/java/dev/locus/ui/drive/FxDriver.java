package dev.locus.ui.drive;

import dev.locus.ui.task.ModelThread;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;

/**
 * How a driver thread (the tour, the benchmark, the soak) works the real window: everything that touches it goes
 * through {@link Platform#runLater}, and waiting is polling, so the JavaFX thread is never blocked.
 */
public final class FxDriver {
    private FxDriver() {
    }

    /** Runs c on the JavaFX thread and returns its result (two minutes at most). */
    public static <T> T fx(Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(120, TimeUnit.SECONDS);
    }

    /** Polls condition every 100 ms until it holds; gives up with an exception after {@code seconds}. */
    static void waitFor(int seconds, Callable<Boolean> condition) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.call()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("gave up waiting after " + seconds + " s");
            }
            Thread.sleep(100);
        }
    }

    /** Waits until the job list is empty (and a moment for what a finished job starts). */
    static void awaitIdle(ModelThread thread, int seconds) throws Exception {
        Thread.sleep(300);
        waitFor(seconds, () -> fx(() -> thread.jobs().isEmpty()));
        Thread.sleep(300);
    }
}
