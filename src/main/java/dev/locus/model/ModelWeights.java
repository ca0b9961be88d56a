package dev.locus.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A model's parameters by internal name ({@link ParamNames}), owned by one memory scope that is closed with
 * them. Made by {@link CheckpointLoader} from a checkpoint, or by {@link RandomInit} for a fresh model.
 */
public final class ModelWeights implements AutoCloseable {
    private final NDManager manager;
    private final Map<String, NDArray> params;
    private final DataType dataType;

    /** Takes ownership of {@code manager} and of the arrays in {@code params}, which must live in it. */
    public ModelWeights(NDManager manager, Map<String, NDArray> params, DataType dataType) {
        this.manager = manager;
        this.params = new LinkedHashMap<>(params);
        this.dataType = dataType;
    }

    public NDArray get(String name) {
        NDArray a = params.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return a;
    }

    public boolean has(String name) {
        return params.containsKey(name);
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(params.keySet());
    }

    /** The compute type of every parameter (float32, or float64 for precise checks). */
    public DataType dataType() {
        return dataType;
    }

    /** The scope that owns the parameters; long-lived arrays that belong with them go here too. */
    public NDManager manager() {
        return manager;
    }

    /**
     * These weights with {@code names} replaced by copies that belong to a new scope (a child of this one): what an
     * edit trains, leaving these weights untouched. Closing the result frees only the copies; every other parameter is
     * the same array as here.
     */
    public ModelWeights copying(Collection<String> names) {
        NDManager copies = manager.newSubManager();
        Map<String, NDArray> replaced = new LinkedHashMap<>();
        for (String name : names) {
            NDArray copy = get(name).duplicate();
            copy.attach(copies);
            replaced.put(name, copy);
        }
        return overlay(copies, replaced);
    }

    /**
     * A view of these weights with some parameters replaced by arrays of {@code owner}, which the view owns (its
     * close() closes {@code owner}); per-step views (LoRA, weight masks) pass the step's scope.
     */
    public ModelWeights overlay(NDManager owner, Map<String, NDArray> replaced) {
        Map<String, NDArray> all = new LinkedHashMap<>(params);
        for (Map.Entry<String, NDArray> e : replaced.entrySet()) {
            if (!params.containsKey(e.getKey())) {
                throw new IllegalArgumentException("no parameter " + e.getKey());
            }
            all.put(e.getKey(), e.getValue());
        }
        return new ModelWeights(owner, all, dataType);
    }

    /** Total number of scalars. */
    public long parameterCount() {
        long n = 0;
        for (NDArray a : params.values()) {
            n += a.getShape().size();
        }
        return n;
    }

    @Override
    public void close() {
        manager.close();
    }
}
