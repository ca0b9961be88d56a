package dev.locus.experiment;

import static org.junit.jupiter.api.Assertions.*;

import dev.locus.localize.HandBuiltModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same config and seed on one libtorch thread or two give the same results: the same accuracies, and every other
 * number equal to floating-point rounding (sums split over threads add in another order). Same thread count, same
 * bytes is {@code ExperimentRunnerTest}'s. libtorch fixes its thread count per process, so each run is a child JVM.
 */
class ThreadCountDeterminismTest {
    @TempDir
    Path tmp;

    @Test
    void oneThreadOrTwoGiveTheSameMetrics() throws Exception {
        HandBuiltModel built = HandBuiltModel.write(tmp.resolve("hand"), 7);
        Path config = ChildRuns.config(tmp, built, "\"flu\", \"random\"", 10);
        List<String> one = run(config, 1);
        List<String> two = run(config, 2);
        assertEquals(one.size(), two.size());
        assertTrue(one.size() > 50, "a real run: " + one.size() + " rows");
        for (int i = 1; i < one.size(); i++) {
            String[] a = one.get(i).split(",");
            String[] b = two.get(i).split(",");
            assertEquals(String.join(",", List.of(a).subList(0, 6)), String.join(",", List.of(b).subList(0, 6)));
            double x = Double.parseDouble(a[6]);
            double y = Double.parseDouble(b[6]);
            if (a[5].endsWith("accuracy")) {
                assertEquals(x, y, 0.0, "accuracies are identical: " + one.get(i) + " / " + two.get(i));
            } else {
                assertEquals(x, y, 1e-4 * Math.max(1, Math.abs(x)), "equal to rounding: " + one.get(i) + " / " + two.get(i));
            }
        }
    }

    private List<String> run(Path config, int threads) throws Exception {
        Path out = tmp.resolve("run-" + threads);
        Process p = ChildRuns.start(config, out, threads, tmp.resolve("log-" + threads));
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the run ends");
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("log-" + threads)));
        return Files.readAllLines(out.resolve("metrics.csv"));
    }
}
