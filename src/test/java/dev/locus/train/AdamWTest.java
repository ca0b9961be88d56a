package dev.locus.train;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AdamW keeps one pair of moments per parameter object, whatever the parameters' values. */
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
}
