package dev.locus.model;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.locus.model.config.ModelConfig;
import dev.locus.model.hooks.HookGradients;
import dev.locus.model.hooks.HookPoints;
import dev.locus.model.hooks.Hooks;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Gradients of a metric at hook points (attribution patching's input) against central finite differences. */
class HookGradientsTest {
    private static final TokenBatch TOKENS = TokenBatch.of(3, 1, 4, 1, 5, 9, 2);

    /** The logit difference between tokens 3 and 5 at the last position. */
    private static NDArray metric(NDArray logits) {
        return logits.get(new NDIndex("0, -1, 3")).sub(logits.get(new NDIndex("0, -1, 5")));
    }

    @Test
    void gradientsAtHooksMatchFiniteDifferences() {
        for (ModelConfig config : List.of(TinyModels.llama(), TinyModels.gpt2(), TinyModels.gemma2())) {
            try (Transformer model = TinyModels.random(config, 5, DataType.FLOAT64)) {
                List<String> points = List.of(HookPoints.residPre(1), HookPoints.z(0), HookPoints.mlpPost(1),
                        HookPoints.attnOut(0), HookPoints.q(1));
                try (NDManager scope = NDManager.newBaseManager()) {
                    Hooks hooks = new Hooks();
                    HookGradients grads = HookGradients.at(hooks, points);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(metric(model.forward(scope, TOKENS, hooks)));
                    }
                    SplittableRandom random = new SplittableRandom(9);
                    for (String point : points) {
                        double[] g = grads.gradient(point).toDoubleArray();
                        long[] shape = grads.gradient(point).getShape().getShape();
                        double maxG = HooksTest.maxAbs(g);
                        assertTrue(maxG > 1e-6, point + " has a nonzero gradient");
                        for (int trial = 0; trial < 4; trial++) {
                            int flat = random.nextInt(g.length);
                            double fd = finiteDifference(model, scope, point, shape, flat, 1e-5);
                            assertEquals(fd, g[flat], 1e-6 * Math.max(1, maxG),
                                    config.architecture() + " " + point + " element " + flat);
                        }
                    }
                }
            }
        }
    }

    private static double finiteDifference(Transformer model, NDManager scope, String point, long[] shape,
                                           int flat, double eps) {
        double[] values = new double[2];
        for (int side = 0; side < 2; side++) {
            double delta = side == 0 ? eps : -eps;
            double[] d = new double[Math.toIntExact(new ai.djl.ndarray.types.Shape(shape).size())];
            d[flat] = delta;
            NDArray deltaArray = scope.create(d, new ai.djl.ndarray.types.Shape(shape));
            Hooks nudge = new Hooks().add(point, (n, a) -> a.add(deltaArray));
            values[side] = metric(model.forward(scope, TOKENS, nudge)).getDouble();
        }
        return (values[0] - values[1]) / (2 * eps);
    }
}
