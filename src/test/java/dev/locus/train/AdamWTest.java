package dev.locus.train;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AdamW keeps one pair of moments per parameter object, and its updates are PyTorch's AdamW's. */
class AdamWTest {

    /** Backward of sum(c_i * p_i): parameter i gets gradient c_i. */
    private static void gradients(NDManager m, List<NDArray> params, List<float[]> coefs) {
        try (NDManager scope = m.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray loss = null;
            for (int i = 0; i < params.size(); i++) {
                NDArray term = params.get(i).mul(scope.create(coefs.get(i))).sum();   // []
                loss = loss == null ? term : loss.add(term);
            }
            gc.backward(loss);
        }
    }

    @Test
    void twoParametersOfEqualValuesKeepTheirOwnMoments() {
        // Both start at zero (as LoRA's B matrices do); the first never gets a gradient, the second does.
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray still = m.zeros(new Shape(3));
            NDArray moved = m.zeros(new Shape(3));
            NDArray alone = m.zeros(new Shape(3));
            for (NDArray p : List.of(still, moved, alone)) {
                p.setRequiresGradient(true);
            }
            float[] g = {1, -2, 0.5f};
            try (AdamW both = AdamW.standard(m, 0); AdamW single = AdamW.standard(m, 0)) {
                for (int step = 0; step < 3; step++) {
                    gradients(m, List.of(still, moved), List.of(new float[3], g));
                    both.step(List.of(still, moved), 0.1);
                    gradients(m, List.of(alone), List.of(g));
                    single.step(List.of(alone), 0.1);
                }
            }
            assertArrayEquals(new float[3], still.toFloatArray(), 0f,
                    "a parameter with no gradient does not move, whatever its twin's moments say");
            assertArrayEquals(alone.toFloatArray(), moved.toFloatArray(), 1e-7f,
                    "the other trains as if it were alone");
            assertTrue(Math.abs(moved.toFloatArray()[0]) > 0.1, "and it did train: " + moved);
        }
    }

    /**
     * Against PyTorch's AdamW written out in double precision (torch.optim.AdamW, amsgrad off): p -= lr wd p;
     * m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; p -= lr / c1 m / (sqrt(v / c2) + eps). Both paths: a whole
     * parameter (one native update) and a masked one (the mask all ones), with gradients that change each step and
     * some tiny enough for eps to matter.
     */
    @Test
    void updatesAreTorchAdamW() {
        double lr = 0.05;
        double wd = 0.1;
        double eps = 1e-3;                     // large, so that its place in the formula shows
        float[] start = {0.5f, -1.5f, 2f, 0f};
        try (NDManager m = NDManager.newBaseManager()) {
            for (boolean masked : new boolean[] {false, true}) {
                NDArray p = m.create(start.clone());
                p.setRequiresGradient(true);
                NDArray mask = masked ? m.ones(new Shape(4)) : null;
                double[] ref = {0.5, -1.5, 2, 0};
                double[] mom = new double[4];
                double[] vel = new double[4];
                try (AdamW adam = new AdamW(m, 0.9, 0.99, eps, wd)) {
                    for (int step = 1; step <= 5; step++) {
                        float[] g = {0.3f * step, -1f, 1e-4f, 2f / step};
                        gradients(m, List.of(p), List.of(g));
                        adam.step(List.of(p), java.util.Arrays.asList(mask), lr);
                        double c1 = 1 - Math.pow(0.9, step);
                        double c2 = 1 - Math.pow(0.99, step);
                        for (int i = 0; i < 4; i++) {
                            ref[i] -= lr * wd * ref[i];
                            mom[i] = 0.9 * mom[i] + 0.1 * g[i];
                            vel[i] = 0.99 * vel[i] + 0.01 * g[i] * g[i];
                            ref[i] -= lr / c1 * mom[i] / (Math.sqrt(vel[i] / c2) + eps);
                        }
                        float[] got = p.toFloatArray();
                        for (int i = 0; i < 4; i++) {
                            assertEquals(ref[i], got[i], 2e-6, (masked ? "masked" : "whole") + " parameter, step " + step
                                    + ", entry " + i);
                        }
                        assertArrayEquals(new float[4], p.getGradient().toFloatArray(), 0f, "gradients zeroed");
                    }
                }
            }
        }
    }
}
