package dev.locus.edit;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.locus.data.Dataset;
import dev.locus.data.EditTargets;
import dev.locus.data.Fact;
import dev.locus.data.PromptFormat;
import dev.locus.data.files.FormatFiles;
import dev.locus.data.files.SportsFactsCsv;
import dev.locus.localize.HandBuiltModel;
import dev.locus.model.LocusModel;
import dev.locus.model.TrainableWeights;
import dev.locus.model.component.ComponentSet;
import dev.locus.model.config.ParamNames;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Weight masking as the paper's code does it: its penalty's schedule, its per-matrix penalty, its own learning rate. */
class WeightMaskingTest {
    @TempDir
    static Path tmp;
    static LocusModel model;
    static PromptFormat format;
    static List<Fact> forget;
    static List<Fact> maintain;

    @BeforeAll
    static void load() {
        HandBuiltModel built = HandBuiltModel.write(tmp.resolve("hand"), 7);
        model = LocusModel.load(built.modelDir(), Device.cpu());
        Dataset data = SportsFactsCsv.read(built.dataCsv()).withFormats(FormatFiles.read(built.formatFile()));
        format = data.format("standard");
        forget = EditTargets.randomOther(data.facts().subList(0, 8), data.attributes(), 1);
        maintain = data.facts().subList(8, 48);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void thePenaltysWeightIsMinOfBetaTimesStepsPastTheStartAndBeta() {
        WeightMasking.Mask mask = new WeightMasking.Mask(2.0, 15, 1e-3);
        assertEquals(-30.0, mask.coefficient(0), "negative before the start, as the paper's code");
        assertEquals(0.0, mask.coefficient(15));
        assertEquals(2.0, mask.coefficient(16), "all of beta one step after the start");
        assertEquals(2.0, mask.coefficient(30));
        assertEquals(new WeightMasking.Mask(1.0, 15, 1e-3), WeightMasking.Mask.PAPER);
    }

    @Test
    void thePenaltyIsTheMeanOverMatricesOfEachMatrixsMeanGap() {
        // L1.mlp: W_gate and W_up (fused in W_in, 64 x 64 each) and W_out; L2.H1: its slices of W_Q, W_K, W_V (64 x 16
        // each, in the fused W_QKV) and its 16 rows of W_O. Seven matrices of two sizes.
        ComponentSet set = ComponentSet.of(model.components(), List.of("L1.mlp", "L2.H1"));
        try (NDManager state = NDManager.newBaseManager();
             TrainableWeights selected = TrainableWeights.of(model.transformer(), set)) {
            Map<String, NDArray> masks = new LinkedHashMap<>();
            for (String p : selected.params()) {
                masks.put(p, state.ones(model.transformer().weights().get(p).getShape()));
            }
            masks.get(ParamNames.wIn(1)).set(new NDIndex(":, 0:64"), 0.5f);   // W_gate at 0.5: its mean gap 0.5
            masks.get(ParamNames.wO(2)).set(new NDIndex("16:32, :"), 0f);      // the head's W_O rows at 0: gap 1
            masks.get(ParamNames.wO(2)).set(new NDIndex("0:16, :"), 0f);       // another head's rows: not selected
            MaskPenalty penalty = MaskPenalty.of(masks, selected, model.components().specs(), state);
            assertEquals(7, penalty.matrices());
            double value = penalty.value(masks, state).getFloat();
            assertEquals((0.5 + 1.0) / 7, value, 1e-6, "(gate 0.5 + W_O 1) over 7 matrices");
            // the mean over every selected weight would be (0.5 x 4096 + 1024) / (3 x 4096 + 4 x 1024) = 0.1875
        }
    }

    @Test
    void theMaskTrainsAtItsOwnLearningRate() {
        ComponentSet set = ComponentSet.of(model.components(), List.of("L1.mlp"));
        EditTask task = EditTask.of(model, format, forget, maintain, List.of("athlete Zorn"), true);
        FineTuneSettings s = FineTuneSettings.DEFAULTS.withUnlearn(true).withSteps(5).withBatch(64).withLr(2.0)
                .withSeed(3);
        WeightMasking.Result still = WeightMasking.run(model, set, task, s, new WeightMasking.Mask(0.05, 15, 1e-9),
                new LocalizedFineTune.Listener() { });
        still.model().close();
        assertEquals(0, still.size().moved(), "at 1e-9 nothing moves, whatever the edit's lr: " + still.size());
        WeightMasking.Result moved = WeightMasking.run(model, set, task, s, new WeightMasking.Mask(0.05, 15, 2.0),
                new LocalizedFineTune.Listener() { });
        moved.model().close();
        assertTrue(moved.size().moved() > 0, "at 2.0 the mask moves: " + moved.size());
    }
}
