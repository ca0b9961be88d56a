package dev.locus.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.locus.model.ModelWeights;
import dev.locus.model.Transformer;
import dev.locus.model.config.ModelConfig;
import dev.locus.model.config.ParamNames;
import dev.locus.model.config.ParamSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * LoRA adapters (Hu et al., 2021) on every linear matrix of every layer, as the paper's relearning attack
 * trains them: {@code W' = W + (alpha / r) A B} with {@code A [in, r]}, {@code B [r, out]}. The base weights
 * stay frozen and untouched; only A and B train.
 *
 * <p>One adapter per checkpoint tensor, as PEFT's {@code target_modules="all-linear"} puts one on each
 * nn.Linear: a fused {@code W_QKV} of q_proj|k_proj|v_proj gets three, GPT-2's single c_attn gets one.
 * A starts Kaiming-uniform (PEFT's bound {@code 1 / sqrt(in)}) and B at zero, so the adapted model starts
 * exactly equal to the base.
 *
 * <p>The adapters are never merged into the weights: {@link #path} adds {@code x A B (alpha / r)} beside each frozen
 * matrix, in training (with dropout) and in evaluation (without), so the adapted model holds the base's own arrays
 * and the small A and B only, never a {@code W + A B} of the size of W.
 *
 * <p>Use, per training step: open a step scope and a {@code GradientCollector}, then
 * {@code new Transformer(config, base, adapters.path(dropout))}, forward, backward, close the collector, call
 * {@link AdamW#step} on {@link #parameters()}, close the scope.
 */
public final class LoraAdapters implements AutoCloseable {

    /** One adapter: {@code source} is the checkpoint tensor whose columns of {@code param} it changes. */
    public record Adapter(String param, String source, NDArray a, NDArray b) {
    }

    private final ModelWeights base;
    private final NDManager manager;
    private final NDArray scale;                                  // alpha / r as an array, never a Java number
    private final Map<String, List<Adapter>> byParam = new LinkedHashMap<>();

    private LoraAdapters(ModelWeights base, NDManager manager, NDArray scale) {
        this.base = base;
        this.manager = manager;
        this.scale = scale;
    }

    /**
     * Adapters of rank {@code rank} on {@code W_QKV}, {@code W_O}, {@code W_in} and {@code W_out} of every
     * layer of {@code base} (whose layout {@code specs} describe); the same seed gives the same adapters.
     */
    public static LoraAdapters create(ModelWeights base, List<ParamSpec> specs, ModelConfig config, int rank,
                                      double alpha, long seed) {
        if (rank <= 0) {
            throw new IllegalArgumentException("LoRA rank must be positive, got " + rank);
        }
        Map<String, ParamSpec> specByName = new LinkedHashMap<>();
        specs.forEach(s -> specByName.put(s.name(), s));
        NDManager manager = base.manager().newSubManager();
        Random random = new Random(seed);
        LoraAdapters lora = new LoraAdapters(base, manager,
                manager.create(alpha / rank).toType(base.dataType(), false));
        for (int l = 0; l < config.nLayers(); l++) {
            for (String param : List.of(ParamNames.wQkv(l), ParamNames.wO(l), ParamNames.wIn(l), ParamNames.wOut(l))) {
                ParamSpec spec = specByName.get(param);
                if (spec == null) {
                    throw new IllegalArgumentException("no spec for " + param);
                }
                List<Adapter> adapters = new ArrayList<>();
                long width = 0;
                for (ParamSpec.Source source : spec.sources()) {
                    long[] s = source.shape();
                    long in = spec.transpose() ? s[1] : s[0];       // checkpoint [out, in] when transposed
                    long out = spec.transpose() ? s[0] : s[1];
                    float[] values = new float[Math.toIntExact(in * rank)];
                    double bound = 1 / Math.sqrt(in);                // kaiming_uniform_(a=sqrt(5)) on [r, in]
                    for (int i = 0; i < values.length; i++) {
                        values[i] = (float) ((2 * random.nextDouble() - 1) * bound);
                    }
                    NDArray a = manager.create(values, new Shape(in, rank)).toType(base.dataType(), false);
                    NDArray b = manager.zeros(new Shape(rank, out), base.dataType());
                    a.setRequiresGradient(true);
                    b.setRequiresGradient(true);
                    adapters.add(new Adapter(param, source.tensor(), a, b));
                    width += out;
                }
                Shape shape = base.get(param).getShape();
                if (shape.dimension() != 2 || shape.get(0) != adapters.get(0).a().getShape().get(0)
                        || shape.get(1) != width) {
                    throw new IllegalArgumentException(param + " is " + shape + ", its spec says " + spec.sources());
                }
                lora.byParam.put(param, adapters);
            }
        }
        return lora;
    }

    /** Every adapter, layer by layer, in the order of the checkpoint tensors within a fused parameter. */
    public List<Adapter> adapters() {
        List<Adapter> all = new ArrayList<>();
        byParam.values().forEach(all::addAll);
        return all;
    }

    /** All A and B matrices: what the optimizer and gradient clipping see. */
    public List<NDArray> parameters() {
        List<NDArray> params = new ArrayList<>();
        for (Adapter adapter : adapters()) {
            params.add(adapter.a());
            params.add(adapter.b());
        }
        return params;
    }

    /** Number of trainable scalars. */
    public long parameterCount() {
        return parameters().stream().mapToLong(p -> p.getShape().size()).sum();
    }

    /**
     * The adapters as a path beside the base weights, for training: per adapted parameter, the sum over its sources
     * of {@code dropout(x) A B (alpha / r)} in the source's columns, each source with its own dropout mask (as PEFT
     * gives each {@code lora_A} its own dropout module). Dropout zeroes each input entry with probability
     * {@code dropout} and scales the rest by 1 / (1 - dropout), drawing from libtorch's generator (seed it with
     * {@code Engine.setRandomSeed}); with dropout 0 it is exactly the merged {@code W + scale A B}. Use with
     * {@code new Transformer(config, base, path)}; every array lands in the scope of the input {@code x}.
     */
    public Transformer.LinearPath path(double dropout) {
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("LoRA dropout must be in [0, 1), got " + dropout);
        }
        // as arrays, never Java numbers: inside a gradient recorder DJL may free a number's buffer before backward
        NDArray rate = manager.create((float) dropout).toType(base.dataType(), false);
        NDArray rescale = manager.create((float) (1 / (1 - dropout))).toType(base.dataType(), false);
        return (name, x) -> {
            List<Adapter> adapters = byParam.get(name);
            if (adapters == null) {
                return null;
            }
            NDList outs = new NDList(adapters.size());
            for (Adapter adapter : adapters) {
                NDArray in = x;                                                           // [..., in]
                if (dropout > 0) {
                    NDArray keep = x.getManager().randomUniform(0, 1, x.getShape(), x.getDataType(), x.getDevice())
                            .gte(rate).toType(x.getDataType(), false).mul(rescale);    // [..., in]: 0 or 1 / (1 - p)
                    in = x.mul(keep);
                }
                outs.add(in.matMul(adapter.a()).matMul(adapter.b()));                  // [..., out of the source]
            }
            NDArray out = outs.size() == 1 ? outs.get(0) : NDArrays.concat(outs, -1);  // [..., out]
            return out.mul(scale);
        };
    }

    @Override
    public void close() {
        manager.close();
    }
}
