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
import ai.djl.Device;
import dev.locus.reference.TinyCheckpoint;
import dev.locus.reference.TinyNeoxPhi;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    /**
     * Phi-3's fused qkv_proj (rows q | k | v) and gate_up_proj (rows gate | up), and GPT-NeoX's query_key_value (rows
     * head by head: [head][q, k, v][d_head]): each single matrix is the checkpoint's own rows for it, and only
     * those columns of the internal W_QKV / W_in train when it is selected.
     */
    @Test
    void fusedCheckpointsSplitIntoTheMatricesTheirRowsHold(@TempDir Path tmp) {
        // Phi-3: d_model 32, 4 heads, 2 kv heads, d_head 8 (q 32 rows, k 16, v 16), d_mlp 48
        TinyCheckpoint.Model phi = TinyNeoxPhi.phi3().write(tmp.resolve("phi3"));
        try (LocusModel model = LocusModel.load(phi.dir(), Device.cpu())) {
            ComponentCatalog c = model.components();
            String qkv = "model.layers.1.self_attn.qkv_proj.weight";
            assertEquals(List.of(qkv), c.get("L1.attn.W_K").checkpointTensors());
            assertEquals(32 * 16, c.get("L1.attn.W_K").parameterCount());
            assertEquals(model.config().attentionParameters(), c.get("L1.attn").parameterCount());
            assertEquals(model.config().mlpParameters(), c.get("L1.mlp").parameterCount());
            assertColumnsAreRows(model, c.get("L1.attn.W_Q"), phi.weight(qkv), 32, r -> r);
            assertColumnsAreRows(model, c.get("L1.attn.W_K"), phi.weight(qkv), 32, r -> 32 + r);
            assertColumnsAreRows(model, c.get("L1.attn.W_V"), phi.weight(qkv), 32, r -> 48 + r);
            String gateUp = "model.layers.0.mlp.gate_up_proj.weight";
            assertColumnsAreRows(model, c.get("L0.mlp.W_gate"), phi.weight(gateUp), 32, r -> r);
            assertColumnsAreRows(model, c.get("L0.mlp.W_in"), phi.weight(gateUp), 32, r -> 48 + r);
            assertOnlyColumnsTrain(model, "L1.attn.W_K", ParamNames.wQkv(1), 32, 48);
            assertOnlyColumnsTrain(model, "L0.mlp.W_in", ParamNames.wIn(0), 48, 96);
        }
        // GPT-NeoX: d_model 32, 4 heads, d_head 8; stored row of head h, part p (q 0, k 1, v 2), dim e: h*24 + p*8 + e
        TinyCheckpoint.Model neox = TinyNeoxPhi.neox().write(tmp.resolve("neox"));
        try (LocusModel model = LocusModel.load(neox.dir(), Device.cpu())) {
            ComponentCatalog c = model.components();
            String qkv = "gpt_neox.layers.1.attention.query_key_value.weight";
            assertEquals(List.of(qkv), c.get("L1.attn.W_V").checkpointTensors());
            assertColumnsAreRows(model, c.get("L1.attn.W_Q"), neox.weight(qkv), 32, r -> r / 8 * 24 + r % 8);
            assertColumnsAreRows(model, c.get("L1.attn.W_K"), neox.weight(qkv), 32, r -> r / 8 * 24 + 8 + r % 8);
            assertColumnsAreRows(model, c.get("L1.attn.W_V"), neox.weight(qkv), 32, r -> r / 8 * 24 + 16 + r % 8);
            assertEquals(model.config().attentionParameters(), c.get("L0.attn").parameterCount());
            // head 2: its q, k and v columns are the checkpoint's rows 48..72
            assertOnlyColumnsTrain(model, "L0.H2", ParamNames.wQkv(0), 16, 24);
        }
    }

    /** Column j of the component's slice of its parameter is row storedRow(j) of the [out, in] checkpoint tensor. */
    private static void assertColumnsAreRows(LocusModel model, Component matrix, double[] tensor, int in,
                                             java.util.function.IntUnaryOperator storedRow) {
        Component.ParamSlice slice = matrix.slices().get(0);
        float[][] cols = new float[(int) (slice.to() - slice.from())][];
        NDArray w = model.transformer().weights().get(slice.param());                     // [in, fused out]
        for (int j = 0; j < cols.length; j++) {
            float[] col = w.get(new NDIndex(":, {}", slice.from() + j)).toFloatArray();
            for (int i = 0; i < in; i++) {
                assertEquals(tensor[storedRow.applyAsInt(j) * in + i], col[i], 0.0, matrix.id() + " column " + j);
            }
        }
    }

    /** Training {@code id} gives gradients in columns [from, to) of W_QKV or W_in alone (the q columns, for a head). */
    private static void assertOnlyColumnsTrain(LocusModel model, String id, String param, int from, int to) {
        ComponentSet set = ComponentSet.of(model.components(), List.of(id));
        try (TrainableWeights trainable = TrainableWeights.of(model.transformer(), set);
             NDManager scope = NDManager.newBaseManager()) {
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = model.transformer().forward(scope, TokenBatch.of(1, 2, 3, 4, 5), Hooks.none())
                        .logSoftmax(2).get(new NDIndex(":, :, 7")).mean().neg();
                gc.backward(loss);
            }
            NDArray g = trainable.gradient(scope, param);
            long width = g.getShape().get(1);
            int nh = model.config().nHeads();
            for (int col = 0; col < width; col++) {
                boolean mine = col >= from && col < to;
                if (id.contains(".H")) {    // a head also owns its k and v columns, one kv head's width each
                    long dh = model.config().dHead();
                    long q = (long) nh * dh;
                    long kv = model.config().nKvHeads() * dh;
                    long g0 = (from / dh) / model.config().groupSize() * dh;
                    mine |= (col >= q + g0 && col < q + g0 + dh) || (col >= q + kv + g0 && col < q + kv + g0 + dh);
                }
                double[] column = toDouble(g.get(new NDIndex(":, {}", col)).toFloatArray());
                assertEquals(mine, HooksTest.maxAbs(column) > 0, id + ": " + param + " column " + col);
            }
        }
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
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
