package dev.locus.edit;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;

/**
 * Float32 master copies of float16 arrays that training updates (an edit's selected weights): the passes run with the
 * float16 arrays themselves and leave their gradients there; {@link #takeGradients} moves each into its master as
 * float32; masks, clipping and the optimizer (with its float32 state) then work on the masters; {@link #writeBack}
 * rounds them into the float16 arrays for the next step. A float16 weight alone could not take updates much smaller
 * than a thousandth of itself, which a learning rate of 1e-4 gives. (The passes cannot read the masters through a
 * cast: DJL's {@code toType} detaches, so no gradient would reach them.) Close to free the masters.
 */
final class MasterCopies implements AutoCloseable {
    private final List<NDArray> working;
    private final NDManager manager;
    private final List<NDArray> masters = new ArrayList<>();
    private final NDArray one;

    /** Masters of {@code working} (float16 arrays that require gradients), in a scope under {@code parent}. */
    MasterCopies(NDManager parent, List<NDArray> working) {
        this.working = List.copyOf(working);
        this.manager = parent.newSubManager();
        this.one = manager.ones(new Shape(1));                                   // float32
        for (NDArray w : working) {
            NDArray master = w.toType(DataType.FLOAT32, false);
            master.attach(manager);
            master.setRequiresGradient(true);
            masters.add(master);
        }
    }

    /** True when a model computing in {@code type} trains through master copies. */
    static boolean needed(DataType type) {
        return type == DataType.FLOAT16;
    }

    /** The masters, in the order of the working arrays: what the optimizer updates. */
    List<NDArray> parameters() {
        return List.copyOf(masters);
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

    /**
     * Moves the working arrays' gradients into the masters (as float32) and zeroes them: DJL cannot set a gradient,
     * so each master gets it from a backward pass of sum(master * g), whose gradient is g.
     */
    void takeGradients() {
        try (NDManager scope = manager.newSubManager()) {
            for (int i = 0; i < working.size(); i++) {
                NDArray g = working.get(i).getGradient();
                g.attach(scope);
                NDArray wide = g.mul(one);                                        // float32 by promotion
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray master = masters.get(i);
                    NDArray product = master.mul(wide);
                    product.attach(scope);
                    gc.backward(product.sum());
                }
                g.muli(0);
            }
        }
    }

    /** Copies the masters, rounded to float16, into the working arrays (in place). */
    void writeBack() {
        for (int i = 0; i < working.size(); i++) {
            working.get(i).set(new NDIndex(":"), masters.get(i));
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
