package dev.locus.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * SGD with momentum and (coupled) weight decay for learned masks, each clamped to [0, 1] after its update, as the
 * paper's weight-masking script. Keeps the velocities in its own scope; close it to free them.
 */
public final class MaskSgd implements Optimizer, AutoCloseable {
    private final NDManager state;
    private final double momentum;
    private final double weightDecay;
    // by identity: NDArray.equals compares contents, and every mask starts as ones
    private final Map<NDArray, NDArray> velocity = new IdentityHashMap<>();

    public MaskSgd(NDManager parent, double momentum, double weightDecay) {
        this.state = parent.newSubManager();
        this.momentum = momentum;
        this.weightDecay = weightDecay;
    }

    /** v = momentum v + g + decay m; m -= lr v; m = clip(m, 0, 1); then the gradient is zeroed. No masks. */
    @Override
    public void step(List<NDArray> params, List<NDArray> masks, double lr) {
        if (masks != null) {
            throw new IllegalArgumentException("MaskSgd takes no gradient masks");
        }
        try (NDManager scope = state.newSubManager()) {
            for (NDArray m : params) {
                NDArray v = velocity.computeIfAbsent(m, k -> state.zeros(k.getShape(), k.getDataType(), k.getDevice()));
                NDArray g = m.getGradient();
                g.attach(scope);
                m.tempAttach(scope);
                v.tempAttach(scope);
                v.muli(momentum).addi(g).addi(m.mul(weightDecay));
                m.subi(v.mul(lr));
                m.subi(m.sub(m.clip(0, 1)));   // in place: m becomes clip(m, 0, 1)
                g.subi(g);
            }
        }
    }

    @Override
    public void close() {
        state.close();
    }
}
