package dev.locus.ui.task;

import static org.junit.jupiter.api.Assertions.*;

import dev.locus.core.LocusException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.concurrent.Worker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/** The model thread runs jobs in order, one at a time, reports failures as one line and cancels by interrupting. */
class ModelThreadTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void toolkit() throws Exception {
        org.testfx.api.FxToolkit.registerPrimaryStage();
    }

    @Test
    void jobsRunOneAfterAnotherOnTheModelThread() throws Exception {
        try (ModelThread thread = new ModelThread(new AppLog(dir.resolve("log.txt")))) {
            List<String> order = new CopyOnWriteArrayList<>();
            List<Job<String>> jobs = WaitForAsyncUtils.asyncFx(() -> List.of(
                    thread.submit("a", r -> {
                        Thread.sleep(200);
                        order.add("a on " + Thread.currentThread().getName());
                        return "A";
                    }),
                    thread.submit("b", r -> {
                        order.add("b on " + Thread.currentThread().getName());
                        return "B";
                    }))).get();
            assertEquals("B", jobs.get(1).get(10, TimeUnit.SECONDS));
            assertEquals(List.of("a on locus-model", "b on locus-model"), order);
            WaitForAsyncUtils.waitForFxEvents();
            assertTrue(WaitForAsyncUtils.asyncFx(() -> thread.jobs().isEmpty()).get(), "finished jobs leave the list");
        }
    }

    @Test
    void aFailedJobIsOneLineForTheUserAndAStackTraceInTheLog() throws Exception {
        Path log = dir.resolve("logs/locus.log");
        try (ModelThread thread = new ModelThread(new AppLog(log))) {
            CountDownLatch failed = new CountDownLatch(1);
            List<String> shown = new CopyOnWriteArrayList<>();
            Platform.runLater(() -> {
                thread.setOnFailure(m -> {
                    shown.add(m);
                    failed.countDown();
                });
                thread.submit("Open model", r -> {
                    throw new LocusException("config.json: hidden_size: expected a whole number, got \"big\"");
                });
                thread.submit("Crash", r -> {
                    throw new IllegalStateException("boom");
                });
            });
            assertTrue(failed.await(10, TimeUnit.SECONDS));
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> shown.size() == 2);
            assertEquals("Open model: config.json: hidden_size: expected a whole number, got \"big\"", shown.get(0));
            assertEquals("Crash: unexpected error: IllegalStateException (boom); details in the log", shown.get(1));
            String text = Files.readString(log);
            assertTrue(text.contains("at dev.locus.ui.task.ModelThreadTest"), "the log keeps the stack trace");
        }
    }

    @Test
    void cancellingInterruptsTheRunningWorkAndTheNextJobStillRuns() throws Exception {
        try (ModelThread thread = new ModelThread(new AppLog(dir.resolve("log.txt")))) {
            CountDownLatch running = new CountDownLatch(1);
            List<Job<String>> jobs = WaitForAsyncUtils.asyncFx(() -> List.of(
                    thread.submit("long", r -> {
                        running.countDown();
                        for (int i = 0; i < 1000; i++) {
                            r.progress("steps", i, 1000);
                            Thread.sleep(20);
                            r.checkCancelled();
                        }
                        return "finished";
                    }),
                    thread.submit("next", r -> "next ran"))).get();
            assertTrue(running.await(10, TimeUnit.SECONDS));
            Platform.runLater(() -> jobs.get(0).cancel(true));
            assertEquals("next ran", jobs.get(1).get(10, TimeUnit.SECONDS));
            assertEquals(Worker.State.CANCELLED, WaitForAsyncUtils.asyncFx(() -> jobs.get(0).getState()).get());
        }
    }

    @Test
    void aJobThatRunsOutOfMemoryEndsWithThatAndTheAppGoesOn() throws Exception {
        try (ModelThread thread = new ModelThread(new AppLog(dir.resolve("log.txt")))) {
            List<String> shown = new CopyOnWriteArrayList<>();
            Platform.runLater(() -> thread.setOnFailure(shown::add));
            int before = WaitForAsyncUtils.asyncFx(() -> thread.submit("count", r -> {
                dev.locus.model.Engines.start();
                return dev.locus.model.Engines.liveArrays();
            })).get().get(60, TimeUnit.SECONDS);
            // A real allocation libtorch cannot make: 4 TiB of floats (refused at once, nothing is touched).
            Job<?> huge = WaitForAsyncUtils.asyncFx(() -> thread.submit("Score prompts", r -> {
                try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
                    return m.zeros(new ai.djl.ndarray.types.Shape(1L << 40)).getShape();
                }
            })).get();
            Job<Integer> next = WaitForAsyncUtils.asyncFx(() -> thread.submit("count", r -> dev.locus.model.Engines.liveArrays()))
                    .get();
            assertEquals(before, next.get(60, TimeUnit.SECONDS), "the failed job freed what it made");
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> shown.size() == 1);
            assertEquals(Worker.State.FAILED, WaitForAsyncUtils.asyncFx(huge::getState).get());
            assertEquals("Score prompts: ran out of memory; try a smaller batch or fewer prompts (details in the log)",
                    shown.get(0));
        }
    }

    @Test
    void runningOutOfMemoryIsSaidPlainly() {
        String shown = "ran out of memory; try a smaller batch or fewer prompts (details in the log)";
        assertEquals(shown, AppLog.userMessage(new OutOfMemoryError("Java heap space")));
        // libtorch's allocators, as DJL passes them on
        assertEquals(shown, AppLog.userMessage(new IllegalStateException(
                "DefaultCPUAllocator: not enough memory: you tried to allocate 68719476736 bytes.")));
        assertEquals(shown, AppLog.userMessage(new RuntimeException("wrapped",
                new IllegalStateException("CUDA out of memory. Tried to allocate 2.00 GiB"))));
        assertEquals(shown, AppLog.userMessage(new IllegalStateException("[enforce fail at alloc_cpu.cpp:119] err == 0."
                + " DefaultCPUAllocator: can't allocate memory: you tried to allocate 4398046511104 bytes. Error code 12"
                + " (Cannot allocate memory)"))); // libtorch 2.5's words, seen in the test above
    }

    @Test
    void progressMessagesSayHowLongIsLeft() {
        assertEquals("edit flu: 25 of 100, about 30 s left", Job.message("edit flu", 25, 100, 10));
        assertEquals("edit flu: 0 of 100", Job.message("edit flu", 0, 100, 10));
        assertEquals("loading", Job.message("loading", 0, 0, 0));
        assertEquals("3 min 05 s", Job.duration(185));
        assertEquals("1 h 02 min", Job.duration(3720));
    }
}
