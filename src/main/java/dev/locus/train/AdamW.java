package dev.locus.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW (Loshchilov and Hutter, 2019): Adam with bias correction and decoupled weight decay. Keeps its
 * moment estimates in its own scope, beside the parameters it updates; close it to free them.
 *
 * <p>Call {@link #step} after {@code GradientCollector.backward}, outside the collector: the update works in
 * place on the parameters and then zeroes their gradients (DJL accumulates them otherwise).
 */
public final class AdamW implements Optimizer, AutoCloseable {
    private final NDManager state;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    // by identity: NDArray.equals compares contents (and hashCode is constant), so a content-keyed map would hand two
    // parameters of equal values (LoRA's B matrices all start at zero) the same moments, after a linear search
    private final Map<NDArray, NDArray[]> moments = new IdentityHashMap<>();
    private int steps;

    public AdamW(NDManager parent, double beta1, double beta2, double eps, double weightDecay) {
        this.state = parent.newSubManager();
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    /** The usual settings: betas (0.9, 0.999), eps 1e-8. */
    public static AdamW standard(NDManager parent, double weightDecay) {
        return new AdamW(parent, 0.9, 0.999, 1e-8, weightDecay);
    }

    /**
     * One update of every parameter in {@code params} by its gradient, at learning rate {@code lr}; the
     * gradients are read from the parameters and zeroed afterwards.
     */
    public void step(List<NDArray> params, double lr) {
        step(params, null, lr);
    }

    /**
     * The same, where {@code masks} (one per parameter, null entries for whole parameters; or null for none) say which
     * entries may change: the rest, frozen slices of a parameter trained only in part, are not even decayed.
     */
    @Override
    public void step(List<NDArray> params, List<NDArray> masks, double lr) {
        steps++;
        double c1 = 1 - Math.pow(beta1, steps);
        double c2 = 1 - Math.pow(beta2, steps);
        try (NDManager scope = state.newSubManager()) {
            for (int i = 0; i < params.size(); i++) {
                NDArray p = params.get(i);
                NDArray mask = masks == null ? null : masks.get(i);
                NDArray g = p.getGradient();
                g.attach(scope);
                NDArray[] mv = moments.computeIfAbsent(p, k -> new NDArray[] {
                        state.zeros(p.getShape(), p.getDataType(), p.getDevice()),
                        state.zeros(p.getShape(), p.getDataType(), p.getDevice())});
                if (mask == null) {
                    fused(p, g, mv, lr, c1, c2);
                    continue;
                }
                // Results attach to their first operand's manager: lend the long-lived arrays to this step's
                // scope so that every temporary below is freed with it.
                p.tempAttach(scope);
                mv[0].tempAttach(scope);
                mv[1].tempAttach(scope);
                mv[0].muli(beta1).addi(g.mul(1 - beta1));
                mv[1].muli(beta2).addi(g.square().muli(1 - beta2));
                NDArray update = mv[0].div(c1).divi(mv[1].div(c2).sqrt().addi(eps));
                if (weightDecay > 0) {
                    update.addi(p.mul(weightDecay));
                }
                if (mask != null) {
                    update.muli(mask);
                }
                p.subi(update.muli(lr));
                g.subi(g);   // zero the gradient in place (the array shares the parameter's grad storage)
            }
        }
    }

    /**
     * The same update in one native call (libtorch's in-place ops, through DJL's {@code adamUpdate}) for a whole
     * parameter: p -= lr wd p, then p -= lr m^ / (sqrt(v^) + eps). DJL divides by sqrt(v) + eps without bias
     * corrections, so they go into its step size and eps: lr m^/(sqrt(v^) + eps) = [lr sqrt(c2) / c1] m / (sqrt(v) +
     * eps sqrt(c2)).
     */
    private void fused(NDArray p, NDArray g, NDArray[] mv, double lr, double c1, double c2) {
        ai.djl.pytorch.jni.JniUtils.adamUpdate((ai.djl.pytorch.engine.PtNDArray) p, (ai.djl.pytorch.engine.PtNDArray) g,
                (ai.djl.pytorch.engine.PtNDArray) mv[0], (ai.djl.pytorch.engine.PtNDArray) mv[1], (float) lr,
                (float) (lr * Math.sqrt(c2) / c1), (float) weightDecay, 1f, -1f, (float) beta1, (float) beta2,
                (float) (eps * Math.sqrt(c2)), true);
        g.subi(g);
    }

    public int steps() {
        return steps;
    }

    @Override
    public void close() {
        state.close();
    }
}
