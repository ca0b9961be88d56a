package dev.locus.model;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.locus.core.LocusException;
import dev.locus.model.component.Component;
import dev.locus.model.component.ComponentCatalog;
import dev.locus.model.component.ComponentSet;
import dev.locus.model.config.ModelConfig;
import dev.locus.model.config.ParamNames;
import dev.locus.model.hooks.Hooks;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComponentsTest {
    private final ModelConfig config = TinyModels.llama();   // d_model 16, 4 heads, 2 kv heads, d_head 4, d_mlp 24
    private final ComponentCatalog catalog = new ComponentCatalog(config, RandomInit.specs(config));

    @Test
    void componentsKnowTheirCheckpointTensorsAndSizes() {
        // per layer: attn, 4 heads, W_Q W_K W_V W_O, mlp, W_in W_gate W_out
        assertEquals(2 * (1 + 4 + 4 + 1 + 3), catalog.all().size());
        Component mlp = catalog.get("L1.mlp");
        assertEquals(List.of("model.layers.1.mlp.gate_proj.weight", "model.layers.1.mlp.up_proj.weight",
                "model.layers.1.mlp.down_proj.weight"), mlp.checkpointTensors());
        assertEquals(config.mlpParameters(), mlp.parameterCount());
        assertEquals(16 * 24 * 3, mlp.parameterCount());
        assertEquals(config.attentionParameters(), catalog.get("L0.attn").parameterCount());
        assertEquals(16 * 4 * 3 + 4 * 16, catalog.get("L0.H3").parameterCount());
        assertTrue(catalog.get("L0.H3").checkpointTensors().contains("model.layers.0.self_attn.o_proj.weight"));
        LocusException e = assertThrows(LocusException.class, () -> catalog.get("L2.mlp"));
        assertTrue(e.getMessage().contains("layers 0-1"), e.getMessage());
    }

    @Test
    void idsParseBackToTheComponentTheyName() {
        assertEquals(new Component.Ref(Component.Kind.HEAD, 12, 7), Component.parse("L12.H7").orElseThrow());
        for (Component c : catalog.all()) {
            Component.Ref ref = Component.parse(c.id()).orElseThrow();
            assertEquals(List.of(c.kind(), c.layer(), c.head()), List.of(ref.kind(), ref.layer(), ref.head()));
            assertEquals(c.id(), ref.id());
        }
        for (String id : List.of("resid", "mlp", "L3", "L3.", "L03.mlp", "L3.H", "L3.H01", "L-1.mlp", "L3.Hx",
                "x3.mlp", "L3.mlp.x", "L3.attn ", "L99999999999.mlp")) {
            assertTrue(Component.parse(id).isEmpty(), id);
        }
    }

    @Test
    void matricesAreTheirWeightsAloneWithKeyValueHeadsUnderGroupedQueryAttention() {
        // d_model 16; q: 4 heads x 4, k and v: 2 kv heads x 4; d_mlp 24
        assertEquals(16 * 16, catalog.get("L1.attn.W_Q").parameterCount());
        assertEquals(16 * 8, catalog.get("L1.attn.W_K").parameterCount());
        assertEquals(16 * 8, catalog.get("L1.attn.W_V").parameterCount());
        assertEquals(16 * 16, catalog.get("L1.attn.W_O").parameterCount());
        for (String m : List.of("W_in", "W_gate", "W_out")) {
            assertEquals(16 * 24, catalog.get("L1.mlp." + m).parameterCount(), m);
        }
        assertEquals(List.of("model.layers.1.self_attn.k_proj.weight"), catalog.get("L1.attn.W_K").checkpointTensors());
        assertEquals(List.of("model.layers.1.mlp.up_proj.weight"), catalog.get("L1.mlp.W_in").checkpointTensors());
        assertEquals(List.of("model.layers.1.mlp.gate_proj.weight"), catalog.get("L1.mlp.W_gate").checkpointTensors());
        assertEquals(Component.Kind.W_GATE, catalog.get("L0.mlp.W_gate").kind());
        // the four matrices are the whole attention (no biases here); with it, or with a head, nothing twice
        assertEquals(config.attentionParameters(), ComponentSet.of(catalog,
                List.of("L0.attn.W_Q", "L0.attn.W_K", "L0.attn.W_V", "L0.attn.W_O")).parameterCount(catalog));
        assertEquals(config.attentionParameters(), ComponentSet.of(catalog, List.of("L0.attn", "L0.attn.W_K"))
                .parameterCount(catalog));
        // head 0: q (in W_Q already), k and v of kv head 0 (16 x 4 each), o rows (4 x 16)
        assertEquals(16 * 16 + 64 + 64 + 64, ComponentSet.of(catalog, List.of("L0.H0", "L0.attn.W_Q")).parameterCount(catalog));
        assertEquals(config.mlpParameters(), ComponentSet.of(catalog, List.of("L1.mlp.W_in", "L1.mlp.W_gate",
                "L1.mlp.W_out", "L1.mlp")).parameterCount(catalog));
    }

    @Test
    void anUngatedMlpHasNoGateAndFusedQkvCheckpointsShareTheirTensor() {
        ModelConfig gpt2 = TinyModels.gpt2();                    // d_model 16, 4 heads, d_mlp 32, biases
        ComponentCatalog c = new ComponentCatalog(gpt2, RandomInit.specs(gpt2));
        assertEquals(2 * (1 + 4 + 4 + 1 + 2), c.all().size());
        LocusException e = assertThrows(LocusException.class, () -> c.get("L0.mlp.W_gate"));
        assertTrue(e.getMessage().contains("W_in W_out"), e.getMessage());
        assertEquals(16 * 32, c.get("L0.mlp.W_in").parameterCount());
        assertEquals(List.of("h.0.mlp.c_fc.weight"), c.get("L0.mlp.W_in").checkpointTensors());
        assertEquals(List.of("h.0.attn.c_attn.weight"), c.get("L0.attn.W_V").checkpointTensors());
        // weights without their biases: the four matrices fall short of the whole attention by the biases
        long biases = 3 * 16 + 16;
        assertEquals(gpt2.attentionParameters() - biases, ComponentSet.of(c, List.of("L0.attn.W_Q", "L0.attn.W_K",
                "L0.attn.W_V", "L0.attn.W_O")).parameterCount(c));
    }

    @Test
    void matrixIdsParse() {
        assertEquals(new Component.Ref(Component.Kind.W_GATE, 3, -1), Component.parse("L3.mlp.W_gate").orElseThrow());
        assertEquals("L3.attn.W_K", Component.parse("L3.attn.W_K").orElseThrow().id());
        for (String id : List.of("L3.attn.W_q", "L3.mlp.W_Q", "L3.attn.W_in", "L3.attn.", "L3.W_Q", "L3.attn.W_QKV")) {
            assertTrue(Component.parse(id).isEmpty(), id);
        }
    }

    @Test
    void oneMatrixReceivesGradientsInItsColumnsAlone() {
        try (Transformer model = TinyModels.random(config, 4, DataType.FLOAT64)) {
            ComponentSet set = ComponentSet.of(catalog, List.of("L0.attn.W_K", "L1.mlp.W_gate"));
            try (TrainableWeights trainable = TrainableWeights.of(model, set);
                 NDManager scope = NDManager.newBaseManager()) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = model.forward(scope, TokenBatch.of(1, 2, 3, 4, 5), Hooks.none()).logSoftmax(2)
                            .get(new NDIndex(":, :, 7")).mean().neg();
                    gc.backward(loss);
                }
                assertEquals(java.util.Set.of(ParamNames.wQkv(0), ParamNames.wIn(1)), trainable.params());
                NDArray gQkv = trainable.gradient(scope, ParamNames.wQkv(0));                  // [16, 32]: q 0-16, k 16-24
                for (int col = 0; col < 32; col++) {
                    double[] column = gQkv.get(new NDIndex(":, {}", col)).toDoubleArray();
                    assertEquals(col >= 16 && col < 24, HooksTest.maxAbs(column) > 0, "W_QKV column " + col);
                }
                NDArray gIn = trainable.gradient(scope, ParamNames.wIn(1));                    // [16, 48]: gate 0-24
                for (int col = 0; col < 48; col++) {
                    double[] column = gIn.get(new NDIndex(":, {}", col)).toDoubleArray();
                    assertEquals(col < 24, HooksTest.maxAbs(column) > 0, "W_in column " + col);
                }
                assertFalse(model.weights().get(ParamNames.wO(0)).hasGradient(), "W_O is frozen");
            }
        }
    }

    @Test
    void setsCountSharedWeightsOnce() {
        // heads 0 and 1 share key/value head 0: q and o twice, k and v once
        assertEquals(2 * 64 + 64 + 64 + 2 * 64, ComponentSet.of(catalog, List.of("L0.H0", "L0.H1")).parameterCount(catalog));
        assertEquals(config.attentionParameters(), ComponentSet.of(catalog, List.of("L0.H0", "L0.attn")).parameterCount(catalog));
        assertEquals(config.attentionParameters() + config.mlpParameters(),
                ComponentSet.of(catalog, List.of("L0.attn", "L1.mlp")).parameterCount(catalog));
    }

    @Test
    void onlyTheSelectedWeightsAndHeadSlicesReceiveGradients() {
        try (Transformer model = TinyModels.random(config, 4, DataType.FLOAT64)) {
            ComponentSet set = ComponentSet.of(catalog, List.of("L1.mlp", "L0.H2"));
            try (TrainableWeights trainable = TrainableWeights.of(model, set);
                 NDManager scope = NDManager.newBaseManager()) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = model.forward(scope, TokenBatch.of(1, 2, 3, 4, 5), Hooks.none()).logSoftmax(2)
                            .get(new NDIndex(":, :, 7")).mean().neg();
                    gc.backward(loss);
                }
                assertEquals(java.util.Set.of(ParamNames.wIn(1), ParamNames.wOut(1), ParamNames.wQkv(0), ParamNames.wO(0)),
                        trainable.params());
                assertTrue(allNonZero(trainable.gradient(scope, ParamNames.wOut(1)).toDoubleArray()));
                // W_QKV columns: q of head 2 = 8..12, k of kv head 1 = 16+4..16+8, v of kv head 1 = 24+4..24+8
                NDArray gQkv = trainable.gradient(scope, ParamNames.wQkv(0));                  // [16, 32]
                for (int col = 0; col < 32; col++) {
                    boolean mine = (col >= 8 && col < 12) || (col >= 20 && col < 24) || (col >= 28 && col < 32);
                    double[] column = gQkv.get(new NDIndex(":, {}", col)).toDoubleArray();
                    assertEquals(mine, HooksTest.maxAbs(column) > 0, "column " + col);
                }
                NDArray gO = trainable.gradient(scope, ParamNames.wO(0));                      // [16, 16]
                for (int row = 0; row < 16; row++) {
                    boolean mine = row >= 8 && row < 12;
                    assertEquals(mine, HooksTest.maxAbs(gO.get(new NDIndex("{}, :", row)).toDoubleArray()) > 0, "row " + row);
                }
                for (String frozen : List.of(ParamNames.EMBED, ParamNames.wIn(0), ParamNames.ln1W(1), ParamNames.UNEMBED)) {
                    assertFalse(model.weights().get(frozen).hasGradient(), frozen + " is frozen");
                }
            }
            for (String name : model.weights().names()) {
                assertFalse(model.weights().get(name).hasGradient(), "closing freezes " + name);
            }
        }
    }

    private static boolean allNonZero(double[] v) {
        for (double x : v) {
            if (x == 0) {
                return false;
            }
        }
        return true;
    }
}
