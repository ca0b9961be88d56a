package dev.locus.train;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.function.Consumer;

/**
 * One update of parameters from the gradients on them, as {@link TrainingLoop} calls it after backward and clipping.
 * An update reads each parameter's gradient and zeroes it afterwards (DJL accumulates gradients otherwise).
 */
@FunctionalInterface
public interface Optimizer {

    /**
     * Updates {@code params} at learning rate {@code lr}; {@code masks} (one per parameter, null entries for whole
     * parameters; or null for none) say which entries may change.
     */
    void step(List<NDArray> params, List<NDArray> masks, double lr);

    /** This update, then {@code after} on the parameters: a constraint such as a norm bound or a clamp. */
    default Optimizer andThen(Consumer<List<NDArray>> after) {
        return (params, masks, lr) -> {
            step(params, masks, lr);
            after.accept(params);
        };
    }
}
