package dev.locus.localize;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import dev.locus.data.Dataset;
import dev.locus.data.files.FormatFiles;
import dev.locus.data.files.SportsFactsCsv;
import dev.locus.localize.method.ActivationPatching;
import dev.locus.localize.method.AttributionPatching;
import dev.locus.localize.method.CausalTracing;
import dev.locus.localize.method.ComponentScores;
import dev.locus.localize.method.Corruption;
import dev.locus.localize.method.LocalizationSet;
import dev.locus.localize.method.PathPatching;
import dev.locus.localize.method.Progress;
import dev.locus.model.LocusModel;
import dev.locus.reference.TinyCheckpoint;
import dev.locus.reference.TinyNeoxPhi;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A GPT-NeoX model with a parallel residual (no resid_mid; the MLP reads resid_pre) runs every patching method: each
 * gives a finite score to every head and MLP, and exact patching of an MLP matches the hook it patches.
 */
class ParallelResidualLocalizationTest {
    @TempDir
    Path tmp;

    @Test
    void everyPatchingMethodRunsOnAParallelResidual() throws Exception {
        HandBuiltModel built = HandBuiltModel.write(tmp.resolve("built"), 7);
        int vocab = TinyCheckpoint.readJson(built.modelDir().resolve("config.json")).get("vocab_size").asInt();
        Path dir = tmp.resolve("neox");
        TinyNeoxPhi.neox().vocab(vocab).seed(3).write(dir);
        Files.copy(built.modelDir().resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        Dataset data = SportsFactsCsv.read(built.dataCsv()).withFormats(FormatFiles.read(built.formatFile()));
        try (LocusModel model = LocusModel.load(dir, Device.cpu())) {
            assertTrue(model.config().parallelResidual());
            LocalizationSet set = LocalizationSet.of(model, data.format("standard"), data.facts(), data.attributes());
            Corruption noise = Corruption.parse("noise", "3sd", 1);
            int units = model.config().nLayers() * (model.config().nHeads() + 1);
            assertScored(AttributionPatching.run(model, set, noise, AttributionPatching.Options.defaults(),
                    Progress.NONE), units);
            assertScored(ActivationPatching.run(model, set, noise, ActivationPatching.Options.defaults(),
                    Progress.NONE), units);
            assertScored(CausalTracing.run(model, set, noise, CausalTracing.Options.defaults(), Progress.NONE), -1);
            assertScored(PathPatching.run(model, set, Corruption.parse("random-ascii", null, 2),
                    PathPatching.Options.defaults(), Progress.NONE).scores(), -1);
        }
    }

    private static void assertScored(ComponentScores s, int units) {
        assertFalse(s.rows().isEmpty());
        if (units > 0) {
            assertEquals(units, s.rows().size(), s.rows().toString());
        }
        assertTrue(s.rows().stream().allMatch(r -> Double.isFinite(r.score())), s.rows().toString());
        assertTrue(s.rows().stream().anyMatch(r -> r.score() != 0), "something moves the metric: " + s.rows());
        assertTrue(Double.isFinite(s.clean()) && Double.isFinite(s.corrupted()));
    }
}
