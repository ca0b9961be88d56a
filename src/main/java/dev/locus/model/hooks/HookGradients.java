package dev.locus.model.hooks;

import ai.djl.ndarray.NDArray;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gradients of a scalar metric with respect to activations at hook points, as attribution patching needs
 * (Nanda, 2023; Syed et al., 2023). At each point it adds a zero array that requires a gradient: the
 * activation's value is unchanged, and after {@code GradientCollector.backward(metric)} the zero array's
 * gradient is d metric / d activation.
 *
 * <p>Use inside a {@code GradientCollector}: {@code HookGradients g = HookGradients.at(hooks, names)};
 * forward; {@code collector.backward(metric)}; then {@link #gradient(String)}.
 */
public final class HookGradients implements HookFn {
    private final Map<String, NDArray> probes = new LinkedHashMap<>();

    private HookGradients() {
    }

    /** Registers probes at {@code hookNames} in {@code hooks}. */
    public static HookGradients at(Hooks hooks, Collection<String> hookNames) {
        HookGradients g = new HookGradients();
        hooks.add(hookNames, g);
        return g;
    }

    @Override
    public NDArray apply(String hookName, NDArray activation) {
        NDArray zero = activation.getManager().zeros(activation.getShape(), activation.getDataType());
        zero.setRequiresGradient(true);
        probes.put(hookName, zero);
        return activation.add(zero);
    }

    /** d metric / d activation at {@code hookName}, same shape as the activation; call after backward. */
    public NDArray gradient(String hookName) {
        NDArray probe = probes.get(hookName);
        if (probe == null) {
            throw new IllegalArgumentException("no gradient probe at " + hookName + "; probes: " + probes.keySet());
        }
        return probe.getGradient();
    }
}
