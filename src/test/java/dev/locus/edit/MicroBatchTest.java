package dev.locus.edit;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.locus.data.Dataset;
import dev.locus.data.EditTargets;
import dev.locus.data.Fact;
import dev.locus.data.PromptFormat;
import dev.locus.data.files.FormatFiles;
import dev.locus.data.files.SportsFactsCsv;
import dev.locus.localize.HandBuiltModel;
import dev.locus.model.LocusModel;
import dev.locus.model.TrainableWeights;
import dev.locus.model.Transformer;
import dev.locus.model.component.ComponentSet;
import dev.locus.train.TrainingLoop;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gradient accumulation: a step whose batch goes through in micro-batches of 1 or 3 (unequal: 3 + 3 + 2) sums to the
 * whole batch's gradient exactly (float64), while no pass runs more than a micro-batch of sequences at once.
 */
class MicroBatchTest {
    @TempDir
    static Path tmp;
    static LocusModel model;
    static EditTask task;
    static ComponentSet set;

    @BeforeAll
    static void load() {
        HandBuiltModel built = HandBuiltModel.write(tmp.resolve("hand"), 7);
        model = LocusModel.load(built.modelDir(), Device.cpu(), DataType.FLOAT64);
        Dataset data = SportsFactsCsv.read(built.dataCsv()).withFormats(FormatFiles.read(built.formatFile()));
        PromptFormat format = data.format("standard");
        List<Fact> forget = EditTargets.randomOther(data.facts().subList(0, 8), data.attributes(), 1);
        task = EditTask.of(model, format, forget, data.facts().subList(8, 48),
                List.of("athlete Zorn", "athlete Quill athlete", "Zorn athlete Quill Zorn", "athlete", "Quill Quill"),
                false);
        set = ComponentSet.of(model.components(), List.of("L1.mlp", "L0.attn"));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** One step's summed gradients (the optimizer reads them), the loss values, and the most sequences in a pass. */
    private record Step(List<double[]> gradients, TrainingLoop.LossValues losses, long widest) {
    }

    private static Step step(int microBatch) {
        FineTuneSettings s = FineTuneSettings.DEFAULTS.withBatch(8).withSeed(5).withMicroBatch(microBatch)
                .withGeneralCoef(0.5).withForgetCoef(2);
        List<double[]> gradients = new ArrayList<>();
        long[] widest = {0};
        try (LocusModel copy = EditedModels.copy(model, set);
             TrainableWeights trainable = TrainableWeights.of(copy.transformer(), set)) {
            // the same weights, with a path that only looks at each linear layer's input to see the pass's batch
            Transformer watched = new Transformer(copy.config(), copy.transformer().weights(), (name, x) -> {
                widest[0] = Math.max(widest[0], x.getShape().get(0));
                return null;
            });
            List<NDArray> params = new ArrayList<>();
            trainable.params().forEach(p -> params.add(copy.transformer().weights().get(p)));
            StepBatches batches = new StepBatches(task, s, new Random(s.seed()));
            NDManager manager = copy.transformer().weights().manager();
            TrainingLoop.LossValues losses = TrainingLoop.of(1, i -> 0).withMicroBatches(batches.passes())
                    .run(manager, params, (ps, masks, lr) -> {
                        for (NDArray p : ps) {
                            try (NDManager scope = manager.newSubManager()) {
                                NDArray g = p.getGradient();
                                g.attach(scope);
                                gradients.add(g.toDoubleArray());
                                g.muli(0);
                            }
                        }
                    }, pass -> LocalizedFineTune.objective(watched, pass, task, s, batches),
                            (st, total, values, lr, seconds) -> { });
            return new Step(gradients, losses, widest[0]);
        }
    }

    @Test
    void microBatchesSumToTheWholeBatchsGradient() {
        Step whole = step(0);
        Step ones = step(1);
        Step threes = step(3);
        // a pass runs its forget and maintain prompts through one forward together: twice the micro-batch wide
        assertEquals(16, whole.widest(), "the whole batch at once");
        assertEquals(2, ones.widest());
        assertEquals(6, threes.widest());
        for (Step split : List.of(ones, threes)) {
            assertEquals(whole.gradients().size(), split.gradients().size());
            double max = 0;
            for (int i = 0; i < whole.gradients().size(); i++) {
                double[] a = whole.gradients().get(i);
                double[] b = split.gradients().get(i);
                for (int j = 0; j < a.length; j++) {
                    max = Math.max(max, Math.abs(a[j]));
                    assertEquals(a[j], b[j], 1e-10, "parameter " + i + " entry " + j + " with " + split.widest()
                            + "-prompt passes");
                }
            }
            assertTrue(max > 1e-6, "the gradients are not trivial");
            for (String term : List.of(LocalizedFineTune.FORGET, LocalizedFineTune.MAINTAIN, LocalizedFineTune.GENERAL)) {
                assertEquals(whole.losses().get(term), split.losses().get(term), 1e-5, term);
            }
        }
    }
}
