package dev.locus.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.concurrent.Worker;

/**
 * For the Localize and Select view-model tests: the JavaFX toolkit started once, a session on the real model thread
 * with the bundled Sports World model and its data loaded, and waiting for jobs.
 */
final class LocalizeFixture {
    private static boolean started;

    final Session session = new Session();
    final ModelThread thread;
    final WorkbenchContext ctx;

    private LocalizeFixture(Path log) {
        thread = new ModelThread(new AppLog(log));
        ctx = WorkbenchContext.headless(session, thread);
    }

    /** A session with the bundled model and data loaded. */
    static LocalizeFixture bundled(Path tmp) throws Exception {
        startToolkit();
        LocalizeFixture f = new LocalizeFixture(tmp.resolve("locus.log"));
        await(fx(() -> ModelLoader.openBundled(f.ctx)));
        await(fx(() -> DataLoader.load(f.ctx, f.session.config.get())));
        assertTrue(fx(() -> f.session.model.get() != null && f.session.split.get() != null));
        return f;
    }

    static synchronized void startToolkit() throws Exception {
        if (!started) {
            // Through TestFX, as the window tests do: a toolkit started with Platform.startup leaves the headless
            // robot's clicks unanswered in the window tests that run after it in the same JVM.
            org.testfx.api.FxToolkit.registerPrimaryStage();
            Platform.setImplicitExit(false);
            started = true;
        }
    }

    /** Runs {@code s} on the JavaFX thread and returns its value. */
    static <T> T fx(Supplier<T> s) throws Exception {
        return FxDriver.fx(s::get);
    }

    /** Waits until the job is done and its handlers have run on the JavaFX thread; returns its final state. */
    static Worker.State finish(Job<?> job) throws Exception {
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < end) {
            Worker.State s = fx(job::getState);
            if (s == Worker.State.SUCCEEDED || s == Worker.State.FAILED || s == Worker.State.CANCELLED) {
                fx(() -> null);   // the onSucceeded handler was queued before this
                return s;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(fx(job::getTitle) + " did not finish in 5 minutes");
    }

    /** Waits for the job and requires it to succeed. */
    static <T> T await(Job<T> job) throws Exception {
        Worker.State s = finish(job);
        if (s != Worker.State.SUCCEEDED) {
            Throwable e = fx(job::getException);
            throw new AssertionError(fx(job::getTitle) + " ended " + s + ": " + e, e);
        }
        return fx(job::getValue);
    }

    void close() {
        thread.close();
    }
}
