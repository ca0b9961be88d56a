package dev.locus.train;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.locus.model.ModelWeights;
import dev.locus.model.RandomInit;
import dev.locus.model.TinyModels;
import dev.locus.model.TokenBatch;
import dev.locus.model.Transformer;
import dev.locus.model.config.ModelConfig;
import dev.locus.model.config.ParamNames;
import dev.locus.model.config.ParamSpec;
import dev.locus.model.hooks.Hooks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LoraAdaptersTest {
    private static final List<int[]> SEQUENCES = List.of(new int[] {3, 1, 4, 1, 5, 9, 2, 6, 5},
            new int[] {2, 7, 1, 8, 2, 8, 1, 8, 2}, new int[] {1, 6, 1, 8, 0, 3, 3, 9, 8},
            new int[] {1, 4, 1, 4, 2, 1, 3, 5, 6});

    @Test
    void adaptedModelStartsEqualToTheBase() {
        for (ModelConfig config : List.of(TinyModels.llama(), TinyModels.gpt2(), TinyModels.gemma2())) {
            List<ParamSpec> specs = RandomInit.specs(config);
            try (Transformer base = new Transformer(config, weights(config, specs, DataType.FLOAT32));
                 LoraAdapters lora = LoraAdapters.create(base.weights(), specs, config, 4, 8, 11);
                 NDManager step = NDManager.newBaseManager()) {
                // Llama: q, k, v, o, gate, up, down; GPT-2: c_attn (one fused source), c_proj, c_fc, c_proj.
                int perLayer = config.gatedMlp() ? 7 : 4;
                assertEquals(perLayer * config.nLayers(), lora.adapters().size(), config.architecture());
                ModelWeights view = merged(lora, base.weights(), step, 8.0 / 4);
                TokenBatch batch = TokenBatch.of(SEQUENCES, TokenBatch.Padding.LEFT, 0);
                assertArrayEquals(base.forward(step, batch, Hooks.none()).toFloatArray(),
                        new Transformer(config, view).forward(step, batch, Hooks.none()).toFloatArray(),
                        config.architecture());
                assertSame(base.weights().get(ParamNames.EMBED), view.get(ParamNames.EMBED));
                assertSame(base.weights().get(ParamNames.ln1W(0)), view.get(ParamNames.ln1W(0)));
            }
        }
    }

    @Test
    void fusedDeltaIsEachSourcesOwnProductInItsColumns() {
        ModelConfig config = TinyModels.llama();
        List<ParamSpec> specs = RandomInit.specs(config);
        int rank = 3;
        double alpha = 5;
        try (Transformer base = new Transformer(config, weights(config, specs, DataType.FLOAT64));
             LoraAdapters lora = LoraAdapters.create(base.weights(), specs, config, rank, alpha, 4);
             NDManager step = NDManager.newBaseManager()) {
            Random random = new Random(9);
            for (LoraAdapters.Adapter adapter : lora.adapters()) {
                double[] values = new double[Math.toIntExact(adapter.b().size())];
                for (int i = 0; i < values.length; i++) {
                    values[i] = random.nextGaussian();
                }
                adapter.b().set(values);
            }
            ModelWeights view = merged(lora, base.weights(), step, alpha / rank);
            TokenBatch batch = TokenBatch.of(SEQUENCES, TokenBatch.Padding.LEFT, 0);
            double[] before = base.forward(step, batch, Hooks.none()).toDoubleArray();
            double[] after = new Transformer(config, view).forward(step, batch, Hooks.none()).toDoubleArray();
            assertTrue(maxAbsDiff(before, after) > 1e-3, "B != 0 changes the logits");

            String name = ParamNames.wQkv(1);
            Shape shape = view.get(name).getShape();
            int in = (int) shape.get(0);
            int width = (int) shape.get(1);
            double[] delta = view.get(name).sub(base.weights().get(name)).toDoubleArray();
            List<LoraAdapters.Adapter> qkv = lora.adapters().stream().filter(a -> a.param().equals(name)).toList();
            assertEquals(List.of("model.layers.1.self_attn.q_proj.weight", "model.layers.1.self_attn.k_proj.weight",
                    "model.layers.1.self_attn.v_proj.weight"), qkv.stream().map(LoraAdapters.Adapter::source).toList());
            int column = 0;
            for (LoraAdapters.Adapter adapter : qkv) {
                int out = (int) adapter.b().getShape().get(1);
                double[] expected = matMul(adapter.a().toDoubleArray(), adapter.b().toDoubleArray(), in, rank, out);
                for (int i = 0; i < in; i++) {
                    for (int j = 0; j < out; j++) {
                        assertEquals(alpha / rank * expected[i * out + j], delta[i * width + column + j], 1e-12,
                                adapter.source() + " [" + i + ", " + j + "]");
                    }
                }
                column += out;
            }
            assertEquals(width, column);
        }
    }

    @Test
    void gradientsReachEachSourcesAAndB() {
        ModelConfig config = TinyModels.llama();
        List<ParamSpec> specs = RandomInit.specs(config);
        int rank = 2;
        double alpha = 3;
        try (Transformer base = new Transformer(config, weights(config, specs, DataType.FLOAT64));
             LoraAdapters lora = LoraAdapters.create(base.weights(), specs, config, rank, alpha, 5)) {
            String name = ParamNames.wIn(0);                              // gate | up
            List<LoraAdapters.Adapter> gateUp = lora.adapters().stream().filter(a -> a.param().equals(name)).toList();
            Random random = new Random(3);
            for (LoraAdapters.Adapter adapter : gateUp) {
                double[] values = new double[Math.toIntExact(adapter.b().size())];
                for (int i = 0; i < values.length; i++) {
                    values[i] = random.nextGaussian();
                }
                adapter.b().set(values);
            }
            Shape shape = base.weights().get(name).getShape();
            int in = (int) shape.get(0);
            int width = (int) shape.get(1);
            double[] r = new double[in * width];
            for (int i = 0; i < r.length; i++) {
                r[i] = random.nextGaussian();
            }
            try (NDManager step = base.weights().manager().newSubManager()) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray weight = step.create(r, shape);
                    gc.backward(merged(lora, base.weights(), step, alpha / rank).get(name).mul(weight).sum());   // d/dW' = R
                }
                // d/dB_s = scale A_s^T R_s and d/dA_s = scale R_s B_s^T, with R_s the source's columns of R.
                int column = 0;
                for (LoraAdapters.Adapter adapter : gateUp) {
                    int out = (int) adapter.b().getShape().get(1);
                    double[] a = adapter.a().toDoubleArray();
                    double[] b = adapter.b().toDoubleArray();
                    NDArray gradA = adapter.a().getGradient();
                    NDArray gradB = adapter.b().getGradient();
                    gradA.attach(step);
                    gradB.attach(step);
                    double[] ga = gradA.toDoubleArray();
                    double[] gb = gradB.toDoubleArray();
                    for (int i = 0; i < in; i++) {
                        for (int t = 0; t < rank; t++) {
                            double expectA = 0;
                            for (int j = 0; j < out; j++) {
                                expectA += r[i * width + column + j] * b[t * out + j];
                            }
                            assertEquals(alpha / rank * expectA, ga[i * rank + t], 1e-9, adapter.source() + " dA");
                        }
                    }
                    for (int t = 0; t < rank; t++) {
                        for (int j = 0; j < out; j++) {
                            double expectB = 0;
                            for (int i = 0; i < in; i++) {
                                expectB += a[i * rank + t] * r[i * width + column + j];
                            }
                            assertEquals(alpha / rank * expectB, gb[t * out + j], 1e-9, adapter.source() + " dB");
                        }
                    }
                    column += out;
                }
            }
            assertFalse(base.weights().get(name).hasGradient(), "the base matrix stays frozen");
        }
    }

    @Test
    void trainingMovesOnlyTheAdaptersAndLowersTheLoss() {
        ModelConfig config = TinyModels.llama();
        List<ParamSpec> specs = RandomInit.specs(config);
        try (Transformer base = new Transformer(config, weights(config, specs, DataType.FLOAT32));
             LoraAdapters lora = LoraAdapters.create(base.weights(), specs, config, 4, 8, 1);
             AdamW adam = AdamW.standard(base.weights().manager(), 0)) {
            Map<String, float[]> frozen = snapshot(base.weights());
            List<float[]> startAdapters = new ArrayList<>();
            lora.parameters().forEach(p -> startAdapters.add(p.toFloatArray()));
            List<NDArray> params = lora.parameters();
            Transformer.LinearPath path = lora.path(0);                 // made once: it holds its constants
            double first = 0;
            double last = 0;
            int atStep10 = -1;
            for (int step = 0; step < 40; step++) {
                double loss = trainStep(base, path, config);
                GradientClipping.clip(params, 1.0);
                adam.step(params, 1e-2);
                first = step == 0 ? loss : first;
                last = loss;
                if (step == 10) {
                    atStep10 = TinyModels.liveArrays();
                }
                if (step == 20) {
                    assertEquals(atStep10, TinyModels.liveArrays(), "live native arrays after step 20 vs step 10");
                }
            }
            assertTrue(last < 0.5 * first, "loss " + first + " -> " + last);
            Map<String, float[]> after = snapshot(base.weights());
            for (String name : frozen.keySet()) {
                assertArrayEquals(frozen.get(name), after.get(name), name + " must not change");
                assertFalse(base.weights().get(name).hasGradient(), name + " must stay frozen");
            }
            for (int i = 0; i < params.size(); i++) {
                assertTrue(maxAbsDiff(toDouble(startAdapters.get(i)), toDouble(params.get(i).toFloatArray())) > 0,
                        "adapter matrix " + i + " trained");
            }
        }
    }

    @Test
    void dropoutActsOnTheAdaptersInputsInTrainingAndIsSeeded() {
        ModelConfig config = TinyModels.llama();
        List<ParamSpec> specs = RandomInit.specs(config);
        try (Transformer base = new Transformer(config, weights(config, specs, DataType.FLOAT32));
             LoraAdapters lora = LoraAdapters.create(base.weights(), specs, config, 4, 8, 2);
             NDManager step = NDManager.newBaseManager()) {
            Random random = new Random(6);
            for (LoraAdapters.Adapter adapter : lora.adapters()) {
                float[] values = new float[Math.toIntExact(adapter.b().size())];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) random.nextGaussian();
                }
                adapter.b().set(values);
            }
            TokenBatch batch = TokenBatch.of(SEQUENCES, TokenBatch.Padding.LEFT, 0);
            float[] merged = new Transformer(config, merged(lora, base.weights(), step, 8.0 / 4)).forward(step, batch,
                    Hooks.none()).toFloatArray();
            float[] plain = new Transformer(config, base.weights(), lora.path(0)).forward(step, batch, Hooks.none())
                    .toFloatArray();
            assertArrayEquals(merged, plain, 1e-4f, "without dropout the path is the merged weights (evaluation's)");
            Engine.getInstance().setRandomSeed(5);
            float[] first = new Transformer(config, base.weights(), lora.path(0.5)).forward(step, batch, Hooks.none())
                    .toFloatArray();
            float[] second = new Transformer(config, base.weights(), lora.path(0.5)).forward(step, batch, Hooks.none())
                    .toFloatArray();
            assertTrue(maxAbsDiff(toDouble(merged), toDouble(first)) > 1e-3, "dropout changes the adapted output");
            assertTrue(maxAbsDiff(toDouble(first), toDouble(second)) > 1e-3, "with fresh masks each pass");
            Engine.getInstance().setRandomSeed(5);
            assertArrayEquals(first, new Transformer(config, base.weights(), lora.path(0.5)).forward(step, batch,
                    Hooks.none()).toFloatArray(), 0f, "the same seed draws the same masks");
            assertThrows(IllegalArgumentException.class, () -> lora.path(1.0));
        }
    }

    @Test
    void sameSeedGivesTheSameAdapters() {
        ModelConfig config = TinyModels.gpt2();
        List<ParamSpec> specs = RandomInit.specs(config);
        try (Transformer base = new Transformer(config, weights(config, specs, DataType.FLOAT32));
             LoraAdapters one = LoraAdapters.create(base.weights(), specs, config, 2, 4, 42);
             LoraAdapters two = LoraAdapters.create(base.weights(), specs, config, 2, 4, 42);
             LoraAdapters other = LoraAdapters.create(base.weights(), specs, config, 2, 4, 43)) {
            for (int i = 0; i < one.parameters().size(); i++) {
                assertArrayEquals(one.parameters().get(i).toFloatArray(), two.parameters().get(i).toFloatArray());
            }
            assertFalse(java.util.Arrays.equals(one.parameters().get(0).toFloatArray(),
                    other.parameters().get(0).toFloatArray()));
            // Per layer: c_attn d x 3d, c_proj d x d, c_fc d x d_mlp, c_proj d_mlp x d, each as r (in + out).
            long d = config.dModel();
            long m = config.dMlp();
            assertEquals(config.nLayers() * 2L * ((d + 3 * d) + (d + d) + (d + m) + (m + d)), one.parameterCount());
        }
    }

    /** One forward and backward pass of next-token cross-entropy through the adapted model; returns the loss. */
    private static double trainStep(Transformer base, Transformer.LinearPath path, ModelConfig config) {
        int n = SEQUENCES.size();
        int len = SEQUENCES.get(0).length - 1;
        List<int[]> inputs = new ArrayList<>();
        long[] targets = new long[n * len];
        for (int s = 0; s < n; s++) {
            inputs.add(java.util.Arrays.copyOf(SEQUENCES.get(s), len));
            for (int i = 0; i < len; i++) {
                targets[s * len + i] = SEQUENCES.get(s)[i + 1];
            }
        }
        try (NDManager step = base.weights().manager().newSubManager();
             GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            Transformer adapted = new Transformer(config, base.weights().overlay(step, Map.of()), path);
            NDArray logits = adapted.forward(step, TokenBatch.of(inputs, TokenBatch.Padding.LEFT, 0), Hooks.none());
            NDArray target = step.create(targets, new Shape(n, len, 1));
            NDArray loss = logits.logSoftmax(2).gather(target, 2).mean().neg();
            gc.backward(loss);
            return loss.getFloat();
        }
    }

    /**
     * The merged weights {@code W + scale A B} (sources side by side in their columns), computed in {@code step}:
     * what the path must equal; Locus itself never builds them.
     */
    static ModelWeights merged(LoraAdapters lora, ModelWeights base, NDManager step, double scale) {
        Map<String, NDArray> params = new LinkedHashMap<>();
        for (String name : base.names()) {
            List<LoraAdapters.Adapter> adapters = lora.adapters().stream().filter(a -> a.param().equals(name)).toList();
            if (adapters.isEmpty()) {
                params.put(name, base.get(name));
                continue;
            }
            ai.djl.ndarray.NDList deltas = new ai.djl.ndarray.NDList();
            for (LoraAdapters.Adapter adapter : adapters) {
                NDArray ab = adapter.a().matMul(adapter.b());
                ab.attach(step);
                deltas.add(ab);
            }
            NDArray delta = deltas.size() == 1 ? deltas.get(0) : ai.djl.ndarray.NDArrays.concat(deltas, 1);
            NDArray s = step.create(scale).toType(delta.getDataType(), false);
            params.put(name, delta.mul(s).add(base.get(name)));
        }
        return new ModelWeights(step, params, base.dataType());
    }

    private static ModelWeights weights(ModelConfig config, List<ParamSpec> specs, DataType type) {
        return RandomInit.weights(config, specs, 7, Device.cpu(), type, 0.3);
    }

    private static Map<String, float[]> snapshot(ModelWeights weights) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (String name : weights.names()) {
            values.put(name, weights.get(name).toFloatArray());
        }
        return values;
    }

    private static double[] matMul(double[] a, double[] b, int n, int k, int m) {
        double[] c = new double[n * m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double sum = 0;
                for (int t = 0; t < k; t++) {
                    sum += a[i * k + t] * b[t * m + j];
                }
                c[i * m + j] = sum;
            }
        }
        return c;
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    private static double maxAbsDiff(double[] a, double[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
