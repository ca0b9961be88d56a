package dev.locus.model.hooks;

import ai.djl.ndarray.NDArray;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Activations recorded during a forward pass, by hook point name (TransformerLens's ActivationCache).
 * The arrays belong to the memory scope of that forward pass and are valid until it is closed. Values are
 * stored detached from any gradient graph, so using a cached value later never reaches back into the
 * pass that produced it.
 */
public final class ActivationCache implements HookFn {
    private final Map<String, NDArray> values = new LinkedHashMap<>();

    @Override
    public NDArray apply(String hookName, NDArray activation) {
        values.put(hookName, activation.stopGradient());
        return activation;
    }

    /** The activation at {@code hookName}; an error when it was not cached. */
    public NDArray get(String hookName) {
        NDArray a = values.get(hookName);
        if (a == null) {
            throw new IllegalArgumentException("no cached activation at " + hookName + "; cached: " + values.keySet());
        }
        return a;
    }

    public boolean has(String hookName) {
        return values.containsKey(hookName);
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(values.keySet());
    }

    public Map<String, NDArray> asMap() {
        return Collections.unmodifiableMap(values);
    }
}
