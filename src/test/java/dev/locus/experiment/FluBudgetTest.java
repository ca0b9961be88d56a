package dev.locus.experiment;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.localize.select.MaskFiles;
import dev.locus.localize.select.Selection;
import dev.locus.model.LocusModel;
import dev.locus.model.component.ComponentSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FLU is any set of components: a mask file's FLU that skips layers sets the OT and random budgets by its own
 * parameter count, not by the layer range around it.
 */
class FluBudgetTest {
    @TempDir
    Path tmp;

    @Test
    void aNonContiguousFluMaskSetsTheBudgetsByItsOwnParameterCount() throws Exception {
        String config = """
                {"name": "flu-set", "forget": "first:8", "seeds": [3],
                 "methods": ["flu", "attribution-patching", "attribution-patching-mlps", "random", "random-mlps"],
                 "localization": {"prompts": 8},
                 "masks": {"flu": "%s"}}
                """;
        Path mask = tmp.resolve("flu.json");
        ExperimentConfig c = ExperimentConfig.parse(config.formatted(mask.toString().replace("\\", "\\\\")), "flu-set.json");
        RunInputs inputs = RunInputs.open(c);
        try (LocusModel model = LocusModel.load(inputs.modelFolder(), Device.cpu())) {
            ComponentSet set = ComponentSet.of(model.components(), List.of("L0.mlp", "L3.mlp"));
            MaskFiles.writeJson(mask, new Selection("flu", set, set.parameterCount(model.components()), "by hand",
                    Map.of()), model);
            long budget = 2L * 3 * 128 * 512;          // two MLPs of the bundled model: gate, up and down of 128 x 512
            RunRecorder recorder = new RunRecorder(Files.createDirectories(tmp.resolve("run")), c, RunListener.NONE);
            recorder.start(model);
            ExperimentRunner runner = ExperimentRunner.of(c, inputs, recorder, RunListener.NONE);
            Map<String, Selection> s = runner.localize(model, runner.split(3), 3);

            assertEquals(List.of("L0.mlp", "L3.mlp"), s.get("flu").components().ids());
            assertEquals(budget, s.get("flu").parameterCount());
            // MLPs of equal size: the ranked prefix reaches the budget with two (the range 0-3 would have allowed four)
            Selection mlps = s.get("attribution-patching-mlps");
            assertEquals(2, mlps.components().ids().size(), mlps.rule());
            assertEquals(budget, mlps.parameterCount());
            assertTrue(s.get("attribution-patching").rule().contains("cross " + budget), s.get("attribution-patching").rule());
            assertTrue(s.get("attribution-patching").parameterCount() < budget + 3L * 128 * 512,
                    "the component that crosses the budget is at most one MLP");
            assertEquals(2, s.get("random-mlps").components().ids().size(), "as many MLP layers as FLU");
            Selection random = s.get("random");
            assertTrue(random.components().components().stream().allMatch(x -> x.kind().isMatrix()), random.rule());
            assertTrue(random.parameterCount() >= budget && random.parameterCount() < budget + 128 * 512,
                    random.parameterCount() + " for a budget of " + budget);
            assertEquals(random.components().ids(), MaskFiles.readJson(tmp.resolve("run/masks/random.json"), model)
                    .components().ids(), "the run's random mask holds its single matrices");
        }
    }
}
