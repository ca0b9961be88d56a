package dev.locus.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.locus.model.arch.Architectures;
import dev.locus.model.config.ModelConfig;
import dev.locus.model.config.ParamSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Fresh weights for a model trained from scratch or measured by benchmarks: matrices normal with std 0.02
 * (GPT-2's initialization), norm weights at their identity (1, or 0 for Gemma's (1 + w)), biases 0.
 * Drawn in Java from one seed, so the same seed gives the same weights on every machine.
 */
public final class RandomInit {
    private RandomInit() {
    }

    /** The parameter specs of {@code config}'s architecture, as if read from a checkpoint with HF names. */
    public static List<ParamSpec> specs(ModelConfig config) {
        return Architectures.named(config.architecture()).params(config, name -> false);
    }

    public static ModelWeights weights(ModelConfig config, List<ParamSpec> specs, long seed, Device device,
                                       DataType dataType) {
        return weights(config, specs, seed, device, dataType, 0.02);
    }

    /** As above with matrices of standard deviation {@code std} (tests use larger ones for livelier models). */
    public static ModelWeights weights(ModelConfig config, List<ParamSpec> specs, long seed, Device device,
                                       DataType dataType, double std) {
        SplittableRandom random = new SplittableRandom(seed);
        NDManager manager = NDManager.newBaseManager(device);
        Map<String, NDArray> params = new LinkedHashMap<>();
        for (ParamSpec spec : specs) {
            long[] shape = spec.shape();
            float[] values = new float[Math.toIntExact(new Shape(shape).size())];
            String name = spec.name();
            boolean norm = (name.contains("ln") || name.contains("_norm")) && name.endsWith(".w");   // q_norm, k_norm too
            if (norm) {
                java.util.Arrays.fill(values, config.normPlusOne() ? 0f : 1f);
            } else if (shape.length > 1) {
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (std * random.nextGaussian());
                }
            }
            NDArray a = manager.create(values, new Shape(shape));
            params.put(name, dataType == DataType.FLOAT32 ? a : a.toType(dataType, false));
        }
        return new ModelWeights(manager, params, dataType);
    }
}
