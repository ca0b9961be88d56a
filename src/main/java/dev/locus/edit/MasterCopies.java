package dev.locus.edit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import dev.locus.model.ModelWeights;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Float32 master copies of the weights an edit trains when the model computes in float16: the optimizer and its
 * state work on the masters (a float16 weight cannot take updates much smaller than 1/1000 of itself, which a learning
 * rate of 1e-4 gives), each pass reads them cast to float16 (the gradient flows back through the cast), and
 * {@link #writeBack} rounds them into the model's own arrays. Close to free the masters.
 */
final class MasterCopies implements AutoCloseable {
    private final ModelWeights weights;
    private final NDManager manager;
    private final Map<String, NDArray> masters = new LinkedHashMap<>();

    MasterCopies(ModelWeights weights, Iterable<String> names) {
        this.weights = weights;
        this.manager = weights.manager().newSubManager();
        for (String name : names) {
            NDArray master = weights.get(name).toType(DataType.FLOAT32, false);
            master.attach(manager);
            master.setRequiresGradient(true);
            masters.put(name, master);
        }
    }

    /** True when a model computing in {@code type} trains through master copies. */
    static boolean needed(DataType type) {
        return type == DataType.FLOAT16;
    }

    /** The masters, in the order of the names given: what the optimizer updates. */
    List<NDArray> parameters() {
        return new ArrayList<>(masters.values());
    }

    NDArray master(String name) {
        return masters.get(name);
    }

    /** A float32 copy of {@code mask} (null stays null) in the masters' scope, to mask their gradients. */
    NDArray widen(NDArray mask) {
        if (mask == null) {
            return null;
        }
        NDArray wide = mask.toType(DataType.FLOAT32, false);
        wide.attach(manager);
        return wide;
    }

    /** The model's weights with the trained ones read from the masters, cast in (and owned by) the pass's scope. */
    ModelWeights view(NDManager pass) {
        Map<String, NDArray> cast = new LinkedHashMap<>();
        masters.forEach((name, master) -> {
            NDArray half = master.toType(weights.dataType(), false);
            half.attach(pass);
            cast.put(name, half);
        });
        return weights.overlay(pass, cast);
    }

    /** Copies the masters, rounded to the model's type, into the model's arrays (in place). */
    void writeBack() {
        masters.forEach((name, master) -> weights.get(name).set(new NDIndex(), master));
    }

    @Override
    public void close() {
        manager.close();
    }
}
