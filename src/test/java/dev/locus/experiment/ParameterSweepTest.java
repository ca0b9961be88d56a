package dev.locus.experiment;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import dev.locus.data.PromptFormat;
import dev.locus.data.Split;
import dev.locus.eval.FormatScorer;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.model.LocusModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep chooses by the paper's Maintain Accuracy: continuous, on the held-out maintain facts. */
class ParameterSweepTest {
    @TempDir
    Path tmp;

    @Test
    void maintainIsTheHeldOutFactsAndMaintainTrainTheTrainedOnes() throws Exception {
        ExperimentConfig c = ExperimentConfig.parse("""
                {"name": "sweep", "forget": "first:8", "seeds": [1], "methods": ["flu"],
                 "localization": {"flu_layers": [0, 0]}, "edit": {"steps": 1, "batch": 8},
                 "evaluation": {"max_general_lines": 8}, "relearn": {"enabled": false},
                 "probes": {"enabled": false}, "figures": {"enabled": false}}
                """, "sweep.json");
        ExperimentConfig trial = c.withEdit(c.edit(), Map.of("flu", c.edit().merged(
                new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"lr\": 1e-12}"))));
        ParameterSweep.Trial t = ParameterSweep.trial(trial, "sweep.json", tmp.resolve("run"), false, "cpu", null,
                RunListener.NONE);
        assertEquals(t, ParameterSweep.readTrial(tmp.resolve("run")));
        Map<String, ParameterSweep.Trial> chosen = ParameterSweep.summarize(tmp.resolve("run"), List.of(t), 0.5);
        assertEquals(t, chosen.get("flu"));
        // lr 1e-12 leaves the model as it was: the trial's numbers are the unedited model's on each set of facts.
        RunInputs inputs = RunInputs.open(c);
        Split split = ExperimentRunner.split(c, inputs.data(), 1);
        try (LocusModel model = LocusModel.load(inputs.modelFolder(), Device.cpu())) {
            FormatScorer scorer = new FormatScorer(model);
            PromptFormat standard = inputs.data().format("standard");
            assertEquals(scorer.score(standard, split.maintainTest()).accuracy(), t.maintain(), 1e-6);
            assertEquals(scorer.score(standard, split.maintainTrain()).accuracy(), t.maintainTrain(), 1e-6);
            assertEquals(scorer.score(standard, split.forget()).accuracy(), t.forget(), 1e-6);
        }
        String header = Files.readAllLines(tmp.resolve("run/sweep.csv")).get(0);
        assertEquals("method,lr,forget_coef,forget,edit,maintain,maintain_train,seconds,chosen", header);
    }
}
