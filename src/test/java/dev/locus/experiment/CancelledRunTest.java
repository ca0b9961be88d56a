package dev.locus.experiment;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import dev.locus.CancelPoint;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.localize.HandBuiltModel;
import dev.locus.model.Engines;
import dev.locus.model.LocusModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole run (localize, edit, evaluate, relearn, probe) on the workbench's loaded model, cancelled as the workbench's
 * queue does, at known points: at a report of the run (a stage starting, an edit step, a measured value) drawn in
 * each of its stages in turn ({@link CancelPoint}). Every run then stops with a CancellationException before it
 * finishes; the loaded model is as it was, the run's arrays are freed, its folder reads back with no half-written or
 * temporary file, and the same folder can be run again to the same numbers.
 */
class CancelledRunTest {
    @TempDir
    Path tmp;

    @Test
    void runsCancelledAtKnownPointsLeaveModelAndFolderConsistent() throws Exception {
        HandBuiltModel built = HandBuiltModel.write(tmp.resolve("hand"), 7);
        ExperimentConfig config = ExperimentConfig.read(ChildRuns.config(tmp, built, "\"flu\", \"random\"", 30));
        ExecutorService modelThread = Executors.newSingleThreadExecutor();
        try (LocusModel model = LocusModel.load(built.modelDir(), Device.cpu())) {
            float[] before = model.logits(1, 4, 9);
            // A whole run (it warms up too): what it reports, in order, and its numbers.
            List<String> reports = new ArrayList<>();
            Path whole = tmp.resolve("whole");
            modelThread.submit(() -> {
                Engines.start();
                return ExperimentRunner.run(config, model, Map.of(), whole, false,
                        listener(CancelPoint.never(), reports));
            }).get(300, TimeUnit.SECONDS);
            int baseline = modelThread.submit(Engines::liveArrays).get();
            List<Integer> stages = IntStream.range(0, reports.size()).filter(i -> reports.get(i).startsWith("stage "))
                    .boxed().toList();
            assertTrue(stages.size() >= 10 && stages.get(0) == 0, "a run reports its stages: " + reports);

            Random random = new Random(3);
            List<Integer> points = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                Path out = tmp.resolve("run-" + i);
                int stage = i * stages.size() / 10; // each stage once when there are ten of them
                int from = stages.get(stage);
                int to = stage + 1 < stages.size() ? stages.get(stage + 1) : reports.size();
                int k = from + random.nextInt(to - from);
                points.add(k);
                String where = "run " + i + " cancelled at report " + k + " (" + reports.get(k) + ")";
                CancelPoint point = CancelPoint.at(k);
                List<String> seen = new CopyOnWriteArrayList<>();
                AtomicReference<Throwable> failure = new AtomicReference<>();
                Future<?> f = modelThread.submit(() -> {
                    try {
                        ExperimentRunner.run(config, model, Map.of(), out, false, listener(point, seen));
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                });
                point.awaitReached();
                assertEquals(reports.subList(0, k + 1), seen.subList(0, k + 1), where + ": the run is where it was meant to be");
                f.cancel(true);
                assertEquals(baseline, (int) modelThread.submit(Engines::liveArrays).get(120, TimeUnit.SECONDS),
                        where + ": its arrays are freed (" + failure.get() + ")");
                assertTrue(point.interruptedThere(), where + ": the cancel reached the run there");
                assertInstanceOf(CancellationException.class, failure.get(), where + ": stopped, by the cancel only");
                assertFalse(Files.exists(out.resolve("results.json")), where + ": and before it finished");
                assertConsistent(out);
                if (i % 3 == 0) { // the folder of a cancelled run can be run again
                    modelThread.submit(() -> ExperimentRunner.run(config, model, Map.of(), out, true,
                            RunListener.NONE)).get(300, TimeUnit.SECONDS);
                    assertEquals(Files.readAllLines(whole.resolve("metrics.csv")),
                            Files.readAllLines(out.resolve("metrics.csv")), "run " + i + " again: the same numbers");
                }
            }
            System.out.printf("run cancel: %d reports in %d stages, cancelled at %s%n", reports.size(), stages.size(),
                    points.stream().map(k -> k + " (" + reports.get(k) + ")").toList());
            assertArrayEquals(before, modelThread.submit(() -> model.logits(1, 4, 9)).get(), 0f, "the model is as it was");
        } finally {
            modelThread.shutdownNow();
        }
    }

    /** Records each report of a run, then ticks the point. */
    private static RunListener listener(CancelPoint point, List<String> reports) {
        return new RunListener() {
            @Override
            public void stage(String name) {
                reports.add("stage " + name);
                point.tick();
            }

            @Override
            public void step(String stage, int step, int total, double loss) {
                reports.add("step " + stage + " " + step + "/" + total);
                point.tick();
            }

            @Override
            public void metric(MetricRow row) {
                reports.add("metric " + row.method() + " " + row.phase() + " " + row.format() + " " + row.split() + " "
                        + row.metric());
                point.tick();
            }
        };
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
