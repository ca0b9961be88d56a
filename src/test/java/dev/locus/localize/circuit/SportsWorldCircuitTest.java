package dev.locus.localize.circuit;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import dev.locus.data.Dataset;
import dev.locus.data.ForgetSpec;
import dev.locus.data.Split;
import dev.locus.data.files.SportsFactsCsv;
import dev.locus.localize.method.LocalizationSet;
import dev.locus.localize.method.Progress;
import dev.locus.model.LocusModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Circuits on the bundled Sports World model: the patching machinery is exact at its ends, and EAP-IG follows it. */
class SportsWorldCircuitTest {
    private static LocusModel model;
    private static LocalizationSet forget;

    @BeforeAll
    static void load() {
        Path demo = Path.of("assets/sports-world");
        model = LocusModel.load(demo, Device.cpu());
        Dataset data = SportsFactsCsv.read(demo.resolve("sports.csv"));
        Split split = Split.of(data, ForgetSpec.parse("first:16"));
        forget = LocalizationSet.of(model, data.format("standard"), split.forget(), data.attributes());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void everyEdgeKeepsTheCleanRunAndNoEdgeGivesTheCorruptedOne() {
        CircuitRun.Request r = CircuitRun.Request.of(CircuitRun.Method.EAP);
        CircuitLayout layout = CircuitLayout.of(model.config());
        double[] f = CircuitRun.faithfulness(model, forget, r,
                List.of(ArchitecturesCircuitTest.every(layout), ArchitecturesCircuitTest.none(layout)), Progress.NONE);
        assertEquals(1, f[0], 1e-4, "no edge patched: the clean run");
        assertEquals(0, f[1], 1e-3, "every edge patched: every input reads the corrupted run's outputs");
    }

    @Test
    void eapIgFollowsExactEdgePatching() {
        CircuitRun.Request r = CircuitRun.Request.of(CircuitRun.Method.EAP_IG).withPatchFromLayer(6);
        Map<CircuitRun.Method, EdgeScores> s = CircuitRun.compare(model, forget, r, Progress.NONE);
        EdgeScores exact = s.get(CircuitRun.Method.EDGE_PATCHING);
        double rIg = CircuitBenchmark.pearson(s.get(CircuitRun.Method.EAP_IG), exact);
        double rPlain = CircuitBenchmark.pearson(s.get(CircuitRun.Method.EAP), exact);
        System.out.printf("Sports World, 16 prompts, edges into layers 6-7 and the logits: r(EAP-IG, exact) = %.3f,"
                + " r(EAP, exact) = %.3f%n", rIg, rPlain);
        assertEquals(exact.clean(), s.get(CircuitRun.Method.EAP).clean(), 1e-3);
        assertTrue(rIg > 0.8, "EAP-IG vs exact: r = " + rIg);
    }
}
