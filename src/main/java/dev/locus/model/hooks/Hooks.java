package dev.locus.model.hooks;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hook functions for one forward pass, by hook point name ({@link HookPoints}). Several functions at
 * one point run in the order they were added, each seeing the previous one's result. A forward pass with
 * {@link #none()} does no hook work at all.
 *
 * <p>Use: {@code ActivationCache cache = new ActivationCache(); Hooks h = new Hooks().add(name, fn).cache(
 * cache, names)}; then {@code transformer.forward(scope, batch, h)}.
 */
public final class Hooks {
    private static final Hooks NONE = new Hooks(Collections.emptyMap());

    private final Map<String, List<HookFn>> fns;

    public Hooks() {
        this(new LinkedHashMap<>());
    }

    private Hooks(Map<String, List<HookFn>> fns) {
        this.fns = fns;
    }

    /** No hooks: the plain forward pass. */
    public static Hooks none() {
        return NONE;
    }

    /** Adds {@code fn} at {@code hookName}. */
    public Hooks add(String hookName, HookFn fn) {
        fns.computeIfAbsent(hookName, k -> new ArrayList<>()).add(fn);
        return this;
    }

    /** Adds {@code fn} at each of the names. */
    public Hooks add(Collection<String> hookNames, HookFn fn) {
        for (String n : hookNames) {
            add(n, fn);
        }
        return this;
    }

    /** Stores the activations at these points into {@code cache}. */
    public Hooks cache(ActivationCache cache, Collection<String> hookNames) {
        return add(hookNames, cache);
    }

    /** Points that have at least one function. */
    public Set<String> names() {
        return Collections.unmodifiableSet(fns.keySet());
    }

    /** Runs the functions at {@code hookName} on {@code x}; called by the forward pass. */
    public NDArray run(String hookName, NDArray x) {
        if (fns.isEmpty()) {
            return x;
        }
        List<HookFn> list = fns.get(hookName);
        if (list == null) {
            return x;
        }
        NDArray out = x;
        for (HookFn fn : list) {
            NDArray next = fn.apply(hookName, out);
            if (next != out && !next.getShape().equals(out.getShape())) {
                throw new IllegalArgumentException("hook at " + hookName + " returned shape " + next.getShape()
                        + " instead of " + out.getShape());
            }
            out = next;
        }
        return out;
    }

    public boolean isEmpty() {
        return fns.isEmpty();
    }
}
