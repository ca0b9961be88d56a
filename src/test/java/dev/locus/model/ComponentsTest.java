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
        assertEquals(2 * (1 + 4 + 1), catalog.all().size());
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
