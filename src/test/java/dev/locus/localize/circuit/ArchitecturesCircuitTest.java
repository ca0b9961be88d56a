package dev.locus.localize.circuit;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import dev.locus.data.Dataset;
import dev.locus.data.files.FormatFiles;
import dev.locus.data.files.SportsFactsCsv;
import dev.locus.localize.HandBuiltModel;
import dev.locus.localize.method.LocalizationSet;
import dev.locus.localize.method.Progress;
import dev.locus.model.LocusModel;
import dev.locus.reference.TinyCheckpoint;
import dev.locus.reference.TinyNeoxPhi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Circuits on the other layouts: GPT-2 (learned positions, LayerNorm, biases in q, k, v) and GPT-NeoX (parallel
 * residual: a head does not feed its own layer's MLP). The machinery is exact at its ends, and the estimates follow
 * exact edge patching.
 */
class ArchitecturesCircuitTest {
    @TempDir
    Path tmp;

    @Test
    void gpt2AndAParallelResidual() throws Exception {
        HandBuiltModel built = HandBuiltModel.write(tmp.resolve("built"), 7);
        int vocab = TinyCheckpoint.readJson(built.modelDir().resolve("config.json")).get("vocab_size").asInt();
        Dataset data = SportsFactsCsv.read(built.dataCsv()).withFormats(FormatFiles.read(built.formatFile()));
        Path gpt2 = tmp.resolve("gpt2");
        TinyCheckpoint.builder(TinyCheckpoint.Arch.GPT2).vocab(vocab).seed(5).attentionBias(true).write(gpt2);
        Path neox = tmp.resolve("neox");
        TinyNeoxPhi.neox().vocab(vocab).seed(3).write(neox);
        for (Path dir : List.of(gpt2, neox)) {
            Files.copy(built.modelDir().resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
            try (LocusModel model = LocusModel.load(dir, Device.cpu())) {
                LocalizationSet set = LocalizationSet.of(model, data.format("standard"), data.facts().subList(0, 12),
                        data.attributes());
                CircuitLayout layout = CircuitLayout.of(model.config());
                assertEquals(dir == neox, layout.parallel());
                CircuitRun.Request r = CircuitRun.Request.of(CircuitRun.Method.EAP_IG);
                double[] ends = CircuitRun.faithfulness(model, set, r, List.of(every(layout), none(layout)), Progress.NONE);
                assertEquals(1, ends[0], 1e-4, dir + ": no edge patched is the clean run");
                assertEquals(0, ends[1], 1e-3, dir + ": every edge patched is the corrupted run");
                Map<CircuitRun.Method, EdgeScores> s = CircuitRun.compare(model, set, r, Progress.NONE);
                EdgeScores exact = s.get(CircuitRun.Method.EDGE_PATCHING);
                assertEquals(layout.edgeCount(), exact.ranked().size());
                double rIg = CircuitBenchmark.pearson(s.get(CircuitRun.Method.EAP_IG), exact);
                assertTrue(rIg > 0.9, dir + ": EAP-IG against exact edge patching, r = " + rIg);
            }
        }
    }

    @Test
    void gemma2IsRefusedWithTheReason() throws Exception {
        HandBuiltModel built = HandBuiltModel.write(tmp.resolve("built"), 7);
        int vocab = TinyCheckpoint.readJson(built.modelDir().resolve("config.json")).get("vocab_size").asInt();
        Dataset data = SportsFactsCsv.read(built.dataCsv()).withFormats(FormatFiles.read(built.formatFile()));
        Path gemma2 = tmp.resolve("gemma2");
        TinyCheckpoint.builder(TinyCheckpoint.Arch.GEMMA2).vocab(vocab).write(gemma2);
        Files.copy(built.modelDir().resolve("tokenizer.json"), gemma2.resolve("tokenizer.json"));
        try (LocusModel model = LocusModel.load(gemma2, Device.cpu())) {
            LocalizationSet set = LocalizationSet.of(model, data.format("standard"), data.facts().subList(0, 4),
                    data.attributes());
            dev.locus.core.LocusException e = assertThrows(dev.locus.core.LocusException.class, () -> CircuitRun.run(
                    model, set, CircuitRun.Request.of(CircuitRun.Method.EAP), Progress.NONE));
            assertTrue(e.getMessage().contains("normalizes the attention output as a whole (Gemma 2, OLMo-2)"),
                    e.getMessage());
        }
    }

    /** Every edge of the layout, unscored. */
    static Circuit every(CircuitLayout layout) {
        List<EdgeScores.Edge> all = new ArrayList<>();
        for (int v = 0; v < layout.downstreamCount(); v++) {
            for (int u = 0; u < layout.readers(v); u++) {
                all.add(new EdgeScores.Edge(u, v, 1));
            }
        }
        return new Circuit(unscored(layout), all, "every edge");
    }

    static Circuit none(CircuitLayout layout) {
        return new Circuit(unscored(layout), List.of(), "no edge");
    }

    private static EdgeScores unscored(CircuitLayout layout) {
        return new EdgeScores(layout, "none", "", "", EdgeScores.ALL, 0, 0, EdgeScores.unscored(layout));
    }
}
