package dev.locus.experiment;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.localize.HandBuiltModel;
import dev.locus.model.Engines;
import dev.locus.model.LocusModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole run (localize, edit, evaluate, relearn, probe) on the workbench's loaded model, cancelled at random
 * moments as the workbench's queue does: the loaded model is as it was, the run's arrays are freed, its folder reads
 * back with no half-written or temporary file, and the same folder can be run again.
 */
class CancelledRunTest {
    @TempDir
    Path tmp;

    @Test
    void runsCancelledAtRandomMomentsLeaveModelAndFolderConsistent() throws Exception {
        HandBuiltModel built = HandBuiltModel.write(tmp.resolve("hand"), 7);
        ExperimentConfig config = ExperimentConfig.read(ChildRuns.config(tmp, built, "\"flu\", \"random\"", 30));
        ExecutorService modelThread = Executors.newSingleThreadExecutor();
        try (LocusModel model = LocusModel.load(built.modelDir(), Device.cpu())) {
            float[] before = model.logits(1, 4, 9);
            modelThread.submit(() -> {
                Engines.start();
                return ExperimentRunner.run(config, model, Map.of(), tmp.resolve("warm-up"), false, RunListener.NONE);
            }).get(300, TimeUnit.SECONDS);
            long t = System.nanoTime();
            modelThread.submit(() -> ExperimentRunner.run(config, model, Map.of(), tmp.resolve("whole"), false,
                    RunListener.NONE)).get(300, TimeUnit.SECONDS);
            int wholeMs = (int) ((System.nanoTime() - t) / 1_000_000);
            int baseline = modelThread.submit(Engines::liveArrays).get();

            Random random = new Random(3);
            int stopped = 0;
            for (int i = 0; i < 10; i++) {
                Path out = tmp.resolve("run-" + i);
                AtomicReference<Throwable> failure = new AtomicReference<>();
                long[] ended = {0};
                Future<?> f = modelThread.submit(() -> {
                    try {
                        ExperimentRunner.run(config, model, Map.of(), out, false, RunListener.NONE);
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                    ended[0] = System.nanoTime();
                });
                Thread.sleep(random.nextInt(wholeMs));
                long cancelled = System.nanoTime();
                f.cancel(true);
                assertEquals(baseline, (int) modelThread.submit(Engines::liveArrays).get(120, TimeUnit.SECONDS),
                        "run " + i + ": its arrays are freed (" + failure.get() + ")");
                if (failure.get() == null) {
                    assertTrue(ended[0] < cancelled, "run " + i + " was still running when cancelled, yet ran to the end");
                } else {
                    assertInstanceOf(CancellationException.class, failure.get(), "run " + i + ": only cancellation");
                    stopped++;
                }
                assertConsistent(out);
                if (i % 3 == 0) { // the folder of a cancelled run can be run again
                    modelThread.submit(() -> ExperimentRunner.run(config, model, Map.of(), out, true,
                            RunListener.NONE)).get(300, TimeUnit.SECONDS);
                    assertEquals(Files.readAllLines(tmp.resolve("whole").resolve("metrics.csv")),
                            Files.readAllLines(out.resolve("metrics.csv")), "run " + i + " again: the same numbers");
                }
            }
            System.out.printf("run cancel: whole run %d ms, %d of 10 stopped mid-way%n", wholeMs, stopped);
            assertTrue(stopped >= 5, "most runs were stopped mid-way: " + stopped);
            assertArrayEquals(before, modelThread.submit(() -> model.logits(1, 4, 9)).get(), 0f, "the model is as it was");
        } finally {
            modelThread.shutdownNow();
        }
    }

    /** Reads back whole (if it got as far as writing its config); no temporary file; every table ends a line. */
    private static void assertConsistent(Path out) throws Exception {
        if (!Files.exists(out)) {
            return;
        }
        if (RunFolder.isRun(out)) {
            RunFolder.read(out); // throws on a half-written table
        }
        try (Stream<Path> files = Files.walk(out)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(f.getFileName().toString().endsWith(".tmp"), f + " is a leftover temporary file");
                if (f.toString().endsWith(".csv")) {
                    byte[] b = Files.readAllBytes(f);
                    assertTrue(b.length == 0 || b[b.length - 1] == '\n', f + " ends with a whole line");
                }
            }
        }
    }
}
