package dev.locus.edit;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.locus.data.Dataset;
import dev.locus.data.EditTargets;
import dev.locus.data.Fact;
import dev.locus.data.PromptFormat;
import dev.locus.data.files.FormatFiles;
import dev.locus.data.files.SportsFactsCsv;
import dev.locus.localize.HandBuiltModel;
import dev.locus.model.ComputeType;
import dev.locus.model.LocusModel;
import dev.locus.model.ModelWeights;
import dev.locus.model.TokenBatch;
import dev.locus.model.Transformer;
import dev.locus.model.component.ComponentSet;
import dev.locus.model.hooks.Hooks;
import dev.locus.train.LoraAdapters;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training on a float16 model: float32 masters and adapters, the model's arrays stay float16, only the edit moves. */
class HalfPrecisionEditTest {
    @TempDir
    static Path tmp;
    static LocusModel model;
    static EditTask task;

    @BeforeAll
    static void load() {
        HandBuiltModel built = HandBuiltModel.write(tmp.resolve("hand"), 7);
        model = LocusModel.load(built.modelDir(), Device.cpu(), ComputeType.FLOAT16);
        Dataset data = SportsFactsCsv.read(built.dataCsv()).withFormats(FormatFiles.read(built.formatFile()));
        PromptFormat format = data.format("standard");
        List<Fact> forget = EditTargets.randomOther(data.facts().subList(0, 8), data.attributes(), 1);
        task = EditTask.of(model, format, forget, data.facts().subList(8, 48), List.of("athlete Zorn"), false);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void anEditInFloat16ChangesOnlyTheTrainedComponents() {
        ComponentSet set = ComponentSet.of(model.components(), List.of("L1.mlp"));
        Set<String> trained = set.ranges().keySet();
        ModelWeights base = model.transformer().weights();
        try (LocusModel edited = EditedModels.copy(model, set)) {
            LocalizedFineTune.Result r = LocalizedFineTune.run(edited, set, task,
                    FineTuneSettings.DEFAULTS.withSteps(4).withBatch(16).withLr(0.02).withSeed(3).withMicroBatch(8),
                    new LocalizedFineTune.Listener() { });
            assertTrue(Double.isFinite(r.forgetLoss()), "finite loss " + r.forgetLoss());
            ModelWeights after = edited.transformer().weights();
            for (String name : base.names()) {
                assertEquals(DataType.FLOAT16, after.get(name).getDataType(), name + " stays float16");
                if (trained.contains(name)) {
                    assertFalse(java.util.Arrays.equals(base.get(name).toFloatArray(), after.get(name).toFloatArray()),
                            name + " trained");
                } else {
                    assertSame(base.get(name), after.get(name), name + " is the model's own, untouched");
                }
            }
        }
    }

    @Test
    void mastersAreFloat32AndTakeTheFloat16Gradients() {
        ComponentSet set = ComponentSet.of(model.components(), List.of("L1.mlp"));
        try (LocusModel edited = EditedModels.copy(model, set);
             dev.locus.model.TrainableWeights trainable = dev.locus.model.TrainableWeights.of(edited.transformer(), set);
             NDManager pass = NDManager.newBaseManager()) {
            List<NDArray> working = trainable.params().stream().map(p -> edited.transformer().weights().get(p)).toList();
            try (MasterCopies masters = new MasterCopies(edited.transformer().weights().manager(), working)) {
                assertTrue(MasterCopies.needed(DataType.FLOAT16));
                assertFalse(MasterCopies.needed(DataType.FLOAT32));
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray logits = edited.transformer().forward(pass, TokenBatch.of(task.forget().get(0).ids()),
                            Hooks.none());
                    assertEquals(DataType.FLOAT32, logits.getDataType(), "logits widen to float32");
                    gc.backward(logits.sum());
                }
                float[] half = working.get(0).getGradient().toType(DataType.FLOAT32, false).toFloatArray();
                masters.takeGradients();
                for (int i = 0; i < working.size(); i++) {
                    NDArray m = masters.parameters().get(i);
                    assertEquals(DataType.FLOAT32, m.getDataType());
                    assertEquals(DataType.FLOAT32, m.getGradient().getDataType());
                    assertEquals(0f, working.get(i).getGradient().abs().sum().toType(DataType.FLOAT32, false)
                            .getFloat(), "the float16 gradient is moved, not copied");
                }
                float[] master = masters.parameters().get(0).getGradient().toFloatArray();
                assertArrayEquals(half, master, 0f, "the master's gradient is the float16 one, widened");
                assertTrue(java.util.Arrays.stream(toDouble(master)).anyMatch(v -> v != 0), "a real gradient");
                masters.parameters().get(0).addi(1f);
                masters.writeBack();
                assertEquals(DataType.FLOAT16, working.get(0).getDataType());
                assertArrayEquals(masters.parameters().get(0).toFloatArray(),
                        working.get(0).toType(DataType.FLOAT32, false).toFloatArray(), 2e-3f, "written back, rounded");
            }
        }
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    @Test
    void loraOnAFloat16ModelTrainsThroughTheFloat16Pass() {
        // A and B are float16 like the model: DJL's cast cuts the gradient, so float32 adapters could not be read in
        // a float16 pass (see MasterCopies); the gradient reaches them through the whole float16 forward pass
        ModelWeights base = model.transformer().weights();
        try (LoraAdapters lora = LoraAdapters.create(base, model.components().specs(), model.config(), 4, 8, 1);
             NDManager pass = NDManager.newBaseManager()) {
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = new Transformer(model.config(), base, lora.path(0)).forward(pass,
                        TokenBatch.of(task.forget().get(0).ids()), Hooks.none());
                gc.backward(logits.sum());
            }
            NDArray g = lora.adapters().get(0).b().getGradient();
            g.attach(pass);
            assertTrue(g.abs().sum().toType(DataType.FLOAT32, false).getFloat() > 0, "B's gradient is not zero");
        }
    }
}
