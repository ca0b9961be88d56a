package dev.locus.localize.circuit;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import dev.locus.data.Dataset;
import dev.locus.data.files.FormatFiles;
import dev.locus.data.files.SportsFactsCsv;
import dev.locus.localize.HandBuiltPathModel;
import dev.locus.localize.method.LocalizationSet;
import dev.locus.localize.method.Progress;
import dev.locus.model.LocusModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On a model whose answer takes a known path (an MLP writes the sport, a head moves it), every method finds the path. */
class HandBuiltCircuitTest {
    @TempDir
    static Path tmp;
    static LocusModel model;
    static LocalizationSet set;

    @BeforeAll
    static void load() {
        HandBuiltPathModel built = HandBuiltPathModel.write(tmp, 7);
        model = LocusModel.load(built.modelDir(), Device.cpu());
        Dataset data = SportsFactsCsv.read(built.dataCsv()).withFormats(FormatFiles.read(built.formatFile()));
        set = LocalizationSet.of(model, data.format("standard"), data.facts().subList(0, 24), data.attributes());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void everyMethodRanksThePathFirst() {
        Map<CircuitRun.Method, EdgeScores> scores = CircuitRun.compare(model, set,
                CircuitRun.Request.of(CircuitRun.Method.EAP_IG), Progress.NONE);
        EdgeScores exact = scores.get(CircuitRun.Method.EDGE_PATCHING);
        assertTrue(exact.clean() - exact.corrupted() > 3, "the model answers, and swapping the subject changes it: "
                + exact.clean() + " vs " + exact.corrupted());
        for (Map.Entry<CircuitRun.Method, EdgeScores> e : scores.entrySet()) {
            List<EdgeScores.Edge> ranked = e.getValue().ranked();
            Set<String> top = ranked.subList(0, 3).stream().map(x -> e.getValue().edgeName(x)).collect(Collectors.toSet());
            assertEquals(Set.copyOf(HandBuiltPathModel.PATH), top, e.getKey().text() + " ranks the path's edges first");
            double third = Math.abs(ranked.get(2).score());
            double fourth = Math.abs(ranked.get(3).score());
            // plain EAP's first-order estimate saturates (the MLP's SiLU) and sees RMSNorm's rescaling as an edge
            double margin = e.getKey() == CircuitRun.Method.EAP ? 1.5 : 10;
            assertTrue(third > margin * fourth, e.getKey().text() + ": the path stands out: " + third + " vs " + fourth);
            System.out.printf("%s: %s%n", e.getKey().text(), ranked.subList(0, 8).stream()
                    .map(x -> String.format(java.util.Locale.ROOT, "%s %.3f", e.getValue().edgeName(x), x.score()))
                    .toList());
        }
    }

    @Test
    void thePathAloneIsAFaithfulCircuitAndASelection() {
        CircuitReport report = CircuitRun.run(model, set, CircuitRun.Request.of(CircuitRun.Method.EAP).withTop(3),
                Progress.NONE);
        Circuit c = report.circuit();
        assertEquals(3, c.edges().size(), "the three path edges connect the embeddings to the logits");
        assertTrue(report.faithfulness() > 0.9, "the path carries the answer alone: " + report.faithfulness());
        assertEquals(List.of("embed", "L1.mlp", "L2.H0", "L2.KV0", "logits"), c.nodes());
        assertEquals(List.of("L1.mlp", "L2.H0", "L2.H1"), c.componentIds(),
                "the key/value head stands for both query heads that share it");
        CircuitReport.Point all = report.curve().get(report.curve().size() - 1);
        assertEquals(1, all.faithfulness(), 1e-4, "every edge: the clean run");
        Circuit one = CircuitExtraction.top(report.scores(), 1);
        assertTrue(one.edges().size() <= 1, "a single edge connects nothing unless it runs from embed to logits");
    }
}
