package dev.locus.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.concurrent.Worker;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * For the Home, Model and Data view-model tests: the JavaFX toolkit (started once, no window), a session with the
 * bundled model and data loaded on a real {@link ModelThread}, and waiting for jobs.
 */
final class ModelDataFixture implements AutoCloseable {
    final Session session = new Session();
    final ModelThread thread;
    final WorkbenchContext ctx;
    /** Every failure message the model thread reported, as the window would show it. */
    final List<String> failures = new CopyOnWriteArrayList<>();
    /** The panels navigated to, in order. */
    final List<String> navigations = new CopyOnWriteArrayList<>();
    /** Every message the panels showed the user. */
    final List<String> messages = new CopyOnWriteArrayList<>();

    private ModelDataFixture(Path dir) {
        thread = new ModelThread(new AppLog(dir.resolve("locus.log")));
        thread.setOnFailure(failures::add);
        ctx = new WorkbenchContext(session, thread, thread.log(), navigations::add, messages::add, () -> null);
    }

    /** A session with nothing loaded. */
    static ModelDataFixture empty(Path dir) throws Exception {
        FxToolkit.registerPrimaryStage();
        return new ModelDataFixture(dir);
    }

    /** A session with the bundled Sports World model and its data (the default forget set) loaded. */
    static ModelDataFixture loaded(Path dir) throws Exception {
        ModelDataFixture f = empty(dir);
        await(fx(() -> ModelLoader.openBundled(f.ctx)));
        await(fx(() -> DataLoader.load(f.ctx, f.session.config.get())));
        f.awaitIdle();
        return f;
    }

    /** Runs {@code c} on the JavaFX thread and returns its value. */
    static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(60, TimeUnit.SECONDS);
    }

    static void fx(Runnable r) throws Exception {
        fx(() -> {
            r.run();
            return null;
        });
    }

    /** Waits until {@code job} is done and its handlers have run; returns it. */
    static <T> Job<T> await(Job<T> job) throws Exception {
        CountDownLatch latch = new CountDownLatch(1);
        // The state, not isDone(): a Task reports SUCCEEDED on the JavaFX thread before its future counts as done.
        Platform.runLater(() -> {
            if (finished(job)) {
                latch.countDown();
            } else {
                job.stateProperty().addListener((obs, old, state) -> {
                    if (finished(job)) {
                        latch.countDown();
                    }
                });
            }
        });
        if (!latch.await(180, TimeUnit.SECONDS)) {
            throw new AssertionError("job " + fx(job::getTitle) + " did not finish in 180 s");
        }
        WaitForAsyncUtils.waitForFxEvents();
        return job;
    }

    /** The job's state, read on the JavaFX thread as a Task requires. */
    static Worker.State state(Job<?> job) throws Exception {
        return fx(job::getState);
    }

    /** The job's value, read on the JavaFX thread. */
    static <T> T value(Job<T> job) throws Exception {
        return fx(job::getValue);
    }

    private static boolean finished(Job<?> job) {
        var state = job.getState();
        return state == Worker.State.SUCCEEDED || state == Worker.State.FAILED || state == Worker.State.CANCELLED;
    }

    /** Waits until the model thread has no job left (follow-up jobs such as describing a model included). */
    void awaitIdle() throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (fx(() -> !thread.jobs().isEmpty())) {
            if (System.nanoTime() > end) {
                throw new AssertionError("jobs still running: " + fx(() -> thread.jobs().stream().map(Job::getTitle).toList()));
            }
            Thread.sleep(20);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** A folder that holds the bundled model's checkpoint but no config.json. */
    static Path folderWithoutConfig(Path dir) throws Exception {
        Path bad = Files.createDirectories(dir.resolve("no-config"));
        Files.copy(dev.locus.model.Bundled.sportsWorld().resolve("model.safetensors"), bad.resolve("model.safetensors"));
        return bad;
    }

    @Override
    public void close() throws Exception {
        awaitIdle();
        if (session.model.get() != null) {
            var m = session.model.get();
            await(fx(() -> thread.submit("close", r -> {
                m.close();
                return null;
            })));
        }
        thread.close();
    }
}
