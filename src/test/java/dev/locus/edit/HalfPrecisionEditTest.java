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
    void mastersAreFloat32AndTheGradientReachesThemThroughTheCast() {
        ComponentSet set = ComponentSet.of(model.components(), List.of("L1.mlp"));
        try (LocusModel edited = EditedModels.copy(model, set);
             MasterCopies masters = new MasterCopies(edited.transformer().weights(), set.ranges().keySet());
             NDManager pass = NDManager.newBaseManager()) {
            assertTrue(MasterCopies.needed(DataType.FLOAT16));
            assertFalse(MasterCopies.needed(DataType.FLOAT32));
            for (NDArray m : masters.parameters()) {
                assertEquals(DataType.FLOAT32, m.getDataType());
            }
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                ModelWeights view = masters.view(pass);
                NDArray logits = new Transformer(edited.config(), view).forward(pass,
                        TokenBatch.of(task.forget().get(0).ids()), Hooks.none());
                gc.backward(logits.sum());
            }
            for (NDArray m : masters.parameters()) {
                NDArray g = m.getGradient();
                g.attach(pass);
                assertEquals(DataType.FLOAT32, g.getDataType());
                assertTrue(g.abs().sum().getFloat() > 0, "a gradient on the float32 master");
            }
        }
    }

    @Test
    void loraOnAFloat16ModelTrainsFloat32Adapters() {
        ModelWeights base = model.transformer().weights();
        try (LoraAdapters lora = LoraAdapters.create(base, model.components().specs(), model.config(), 4, 8, 1);
             NDManager pass = NDManager.newBaseManager()) {
            for (NDArray p : lora.parameters()) {
                assertEquals(DataType.FLOAT32, p.getDataType());
            }
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = new Transformer(model.config(), base, lora.path(0)).forward(pass,
                        TokenBatch.of(task.forget().get(0).ids()), Hooks.none());
                gc.backward(logits.sum());
            }
            NDArray g = lora.adapters().get(0).b().getGradient();
            g.attach(pass);
            assertEquals(DataType.FLOAT32, g.getDataType());
            assertTrue(g.abs().sum().getFloat() > 0, "B's gradient flows back through the float16 pass");
        }
    }
}
