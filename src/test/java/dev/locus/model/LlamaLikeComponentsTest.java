package dev.locus.model;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.locus.model.component.Component;
import dev.locus.model.component.ComponentCatalog;
import dev.locus.model.component.ComponentSet;
import dev.locus.model.config.ModelConfig;
import dev.locus.model.config.ParamNames;
import dev.locus.model.hooks.Hooks;
import dev.locus.reference.TinyCheckpoint;
import dev.locus.reference.TinyLlamaLikes;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Components, parameter counts and trainable slices of Qwen2, Qwen3, Mistral and OLMo-2. */
class LlamaLikeComponentsTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(TinyLlamaLikes.Arch.class)
    void attentionAndMlpAreExactlyTheirCheckpointTensors(TinyLlamaLikes.Arch arch) {
        // With attention_bias where the architecture reads it: Qwen3 and OLMo-2 then bias o too, Qwen2 never does.
        TinyCheckpoint.Model ckpt = TinyLlamaLikes.builder(arch).attentionBias(true).write(tmp.resolve("m"));
        try (LocusModel model = LocusModel.load(ckpt.dir(), Device.cpu())) {
            ComponentCatalog catalog = model.components();
            for (String kind : List.of("self_attn.", "mlp.")) {
                String prefix = "model.layers.1." + kind;
                Set<String> inFile = new TreeSet<>();
                long size = 0;
                for (String name : ckpt.weights().keySet()) {
                    if (name.startsWith(prefix)) {
                        inFile.add(name);
                        size += ckpt.weights().get(name).length;
                    }
                }
                Component c = catalog.get(kind.equals("mlp.") ? "L1.mlp" : "L1.attn");
                assertEquals(inFile, new TreeSet<>(c.checkpointTensors()), arch + " " + kind);
                assertEquals(size, c.parameterCount(), arch + " " + kind);
                assertEquals(size, kind.equals("mlp.") ? model.config().mlpParameters()
                        : model.config().attentionParameters(), arch + " " + kind);
            }
            assertEquals(arch == TinyLlamaLikes.Arch.QWEN2 || arch == TinyLlamaLikes.Arch.MISTRAL,
                    !ckpt.weights().containsKey("model.layers.0.self_attn.o_proj.bias"), "o bias of " + arch);
        }
    }

    @Test
    void anOlmo2HeadOwnsItsEntriesOfTheWholeProjectionNorms() {
        ModelConfig olmo = ModelConfig.builder().architecture("Olmo2ForCausalLM").nLayers(2).dModel(16).nHeads(4)
                .dMlp(24).vocabSize(20).maxPositions(64).qkNorm(ModelConfig.QkNorm.WHOLE).preNorms(false)
                .sandwichNorms(true).build();
        ComponentCatalog catalog = new ComponentCatalog(olmo, RandomInit.specs(olmo));
        // q, k, v columns (16 x 4 each), o rows (4 x 16), and 4 entries of each norm
        assertEquals(4 * 16 * 4 + 2 * 4, catalog.get("L0.H2").parameterCount());
        assertEquals(olmo.attentionParameters(), ComponentSet.of(catalog, List.of("L0.H0", "L0.H1", "L0.H2", "L0.H3"))
                .parameterCount(catalog));
        try (Transformer model = TinyModels.random(olmo, 5, DataType.FLOAT64);
             TrainableWeights trainable = TrainableWeights.of(model, ComponentSet.of(catalog, List.of("L0.H2")));
             NDManager scope = NDManager.newBaseManager()) {
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = model.forward(scope, TokenBatch.of(1, 2, 3, 4, 5), Hooks.none()).logSoftmax(2)
                        .get(new NDIndex(":, :, 7")).mean().neg();
                gc.backward(loss);
            }
            for (String norm : List.of(ParamNames.qNormW(0), ParamNames.kNormW(0))) {
                double[] g = trainable.gradient(scope, norm).toDoubleArray();
                for (int i = 0; i < 16; i++) {
                    assertEquals(i >= 8 && i < 12, g[i] != 0, norm + " entry " + i);
                }
            }
        }
    }

    @Test
    void qwen3NormsBelongToTheAttentionAndToNoHead() {
        ModelConfig qwen3 = ModelConfig.builder().architecture("Qwen3ForCausalLM").nLayers(2).dModel(16).nHeads(4)
                .nKvHeads(2).dHead(8).dMlp(24).vocabSize(20).maxPositions(64)
                .qkNorm(ModelConfig.QkNorm.PER_HEAD).build();
        ComponentCatalog catalog = new ComponentCatalog(qwen3, RandomInit.specs(qwen3));
        assertEquals(16 * 8 * 3 + 8 * 16, catalog.get("L1.H3").parameterCount());
        assertEquals(16 * 8 * (4 + 2 + 2) + 4 * 8 * 16 + 2 * 8, catalog.get("L1.attn").parameterCount());
        assertEquals(qwen3.attentionParameters(), catalog.get("L1.attn").parameterCount());
        assertTrue(catalog.get("L1.attn").slices().stream().anyMatch(s -> s.param().equals(ParamNames.qNormW(1))));
        assertTrue(catalog.get("L1.H3").slices().stream().noneMatch(s -> s.param().contains("norm")));
    }
}
