package dev.locus.model.hooks;

import ai.djl.ndarray.NDArray;

/**
 * Code run at a hook point during a forward pass. It may read the activation (caching), or return a
 * different array of the same shape (patching); returning the argument leaves the pass unchanged.
 * Called on the model thread, inside the forward pass's memory scope.
 */
@FunctionalInterface
public interface HookFn {
    NDArray apply(String hookName, NDArray activation);
}
