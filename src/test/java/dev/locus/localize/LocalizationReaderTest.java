package dev.locus.localize;

import static org.junit.jupiter.api.Assertions.*;

import dev.locus.core.LocusException;
import dev.locus.localize.method.ComponentScores;
import dev.locus.localize.method.Metric;
import dev.locus.localize.method.Probes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run writes into scores/ reads back as the same localization (the workbench shows a finished run's). */
class LocalizationReaderTest {
    @TempDir
    Path tmp;

    @Test
    void attributionPatchingWithDetailsAndPositionsRoundTrips() {
        ComponentScores s = new ComponentScores("attribution-patching", Metric.LOGIT_DIFF, "random-ascii, 64 prompts",
                List.of(new ComponentScores.Row("L0.H0", 0, 0, 0.25, 0.05, Map.of("q", 0.1, "k", -0.2, "v", 0.3, "z", 0.25)),
                        new ComponentScores.Row("L0.mlp", 0, -1, 1.5, 0.3, Map.of("in", 1.25, "out", 1.5))),
                Map.of("L0.attn", 0.25, "L0.mlp", 1.5), 7.0, 2.0,
                List.of(new ComponentScores.PositionEffect("L0.mlp", 0, 2, "subject-last", 1.0, 0.2)));
        LocalizationFiles.writeScores(tmp.resolve("attribution-patching.csv"), s);
        LocalizationFiles.writeSummary(tmp.resolve("attribution-patching.json"), s, 64);
        assertTrue(LocalizationReader.has(tmp, "attribution-patching"));
        Localization.Result r = LocalizationReader.result(tmp, "attribution-patching");
        assertEquals(s, r.scores());
        assertEquals(64, r.prompts());
        assertEquals(Localization.Method.ATTRIBUTION_PATCHING, r.request().method());
        assertEquals(Metric.LOGIT_DIFF, r.request().metric());
    }

    @Test
    void causalTracingReadsItsHeatmap() {
        List<ComponentScores.PositionEffect> heatmap = List.of(
                new ComponentScores.PositionEffect("resid", 0, 2, "Tiger", 0.5, 0.6),
                new ComponentScores.PositionEffect("mlp", 1, 3, "Woods", 0.25, 0.3));
        ComponentScores s = new ComponentScores("causal-tracing", Metric.FULL_VOCAB_PROB, "noise", List.of(
                new ComponentScores.Row("L1.mlp", 1, -1, 0.4, 0.5, Map.of())), Map.of("L1.mlp", 0.4), 0.9, 0.1, heatmap);
        LocalizationFiles.writeScores(tmp.resolve("causal-tracing.csv"), s);
        LocalizationFiles.writeSummary(tmp.resolve("causal-tracing.json"), s, 32);
        LocalizationFiles.writeTracing(tmp.resolve("causal-tracing-heatmap.csv"), s);
        assertEquals(s, LocalizationReader.result(tmp, "causal-tracing").scores());
    }

    @Test
    void probesRoundTripAndAMalformedLineIsNamed() throws Exception {
        List<Probes.Row> rows = List.of(new Probes.Row(-1, "blocks.0.hook_resid_pre", "subject-last", "prompt", 0.2, 0.4,
                409, 103, 0.36), new Probes.Row(0, "blocks.0.hook_resid_post", "subject-last", "prompt", 0.88, 0.96, 409,
                103, 0.36));
        Path file = tmp.resolve("probes.csv");
        LocalizationFiles.writeProbes(file, rows);
        assertEquals(rows, LocalizationReader.probes(file).probes());
        Files.writeString(file, Files.readString(file) + "1,blocks.1.hook_resid_post,subject-last\n");
        LocusException e = assertThrows(LocusException.class, () -> LocalizationReader.probes(file));
        assertTrue(e.getMessage().contains("probes.csv: line 4"), e.getMessage());
    }
}
