package dev.locus.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.locus.model.component.ComponentSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes exactly a component set's weights trainable: whole parameters for whole components, and for a
 * head only its slices, through a 0/1 gradient mask (the paper's {@code apply_localized_gradients}).
 * Everything else, embeddings and norms included, is frozen. Close it to freeze everything again.
 *
 * <p>Use: {@code try (TrainableWeights t = TrainableWeights.of(transformer, set)) { ... backward ...;
 * NDArray g = t.gradient(scope, name); }}
 */
public final class TrainableWeights implements AutoCloseable {
    private final ModelWeights weights;
    private final NDManager maskScope;
    private final Map<String, NDArray> masks = new LinkedHashMap<>();   // null value: the whole parameter

    private TrainableWeights(ModelWeights weights, ComponentSet set) {
        this.weights = weights;
        this.maskScope = weights.manager().newSubManager();
        Map<String, List<long[]>> ranges = set.ranges();
        for (String name : weights.names()) {
            weights.get(name).setRequiresGradient(ranges.containsKey(name));
        }
        for (Map.Entry<String, List<long[]>> e : ranges.entrySet()) {
            masks.put(e.getKey(), e.getValue() == null ? null : mask(e.getKey(), set.axis(e.getKey()), e.getValue()));
        }
    }

    public static TrainableWeights of(Transformer transformer, ComponentSet set) {
        return new TrainableWeights(transformer.weights(), set);
    }

    /** Names of the trainable internal parameters. */
    public Set<String> params() {
        return Collections.unmodifiableSet(masks.keySet());
    }

    /**
     * A broadcastable 0/1 mask of {@code param}'s trainable entries, or null when all of it trains.
     */
    public NDArray mask(String param) {
        return masks.get(param);
    }

    /** The gradient of {@code param} after backward, zero outside the trainable slices, in {@code scope}. */
    public NDArray gradient(NDManager scope, String param) {
        if (!masks.containsKey(param)) {
            throw new IllegalArgumentException(param + " is frozen");
        }
        NDArray g = weights.get(param).getGradient();
        g.attach(scope);
        NDArray m = masks.get(param);
        return m == null ? g : g.mul(m);
    }

    private NDArray mask(String param, int axis, List<long[]> ranges) {
        Shape shape = weights.get(param).getShape();
        long[] dims = new long[shape.dimension()];
        java.util.Arrays.fill(dims, 1);
        dims[axis] = shape.get(axis);
        float[] values = new float[Math.toIntExact(dims[axis])];
        for (long[] r : ranges) {
            for (long i = r[0]; i < r[1]; i++) {
                values[(int) i] = 1f;
            }
        }
        return maskScope.create(values, new Shape(dims)).toType(weights.dataType(), false);
    }

    @Override
    public void close() {
        for (String name : weights.names()) {
            weights.get(name).setRequiresGradient(false);
        }
        maskScope.close();
    }
}
