package dev.locus.train;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class TrainingLoopTest {

    /** sum(c * p) has gradient c: the optimizer below records it and steps p -= lr * g. */
    private static TrainingLoop.Objective linear(NDArray p, float[] c) {
        return pass -> {
            NDArray coef = pass.scope().create(c, p.getShape());                // shape of p
            pass.losses().add("loss", 1);
            return p.mul(coef).sum();                                           // []
        };
    }

    private static Optimizer sgd(List<float[]> grads) {
        return (params, masks, lr) -> {
            for (NDArray p : params) {
                NDArray g = p.getGradient();
                grads.add(g.toFloatArray());
                p.subi(g.mul(lr));
                g.subi(g);
            }
        };
    }

    @Test
    void stepsRunInOrderWithScheduleMaskClipAndListener() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p = m.zeros(new Shape(2));
            p.setRequiresGradient(true);
            NDArray mask = m.create(new float[] {1, 0});
            List<float[]> grads = new ArrayList<>();
            List<String> heard = new ArrayList<>();
            TrainingLoop.LossValues last = TrainingLoop.of(3, s -> 0.5 * (s + 1)).withClip(1.0)
                    .withGradientMasks(Arrays.asList(mask))
                    .run(m, List.of(p), sgd(grads), linear(p, new float[] {3, 4}),
                            (step, total, losses, lr, seconds) -> heard.add(step + "/" + total + " lr " + lr));
            assertEquals(List.of("1/3 lr 0.5", "2/3 lr 1.0", "3/3 lr 1.5"), heard, "schedule index is step - 1");
            // masked to [3, 0], then clipped to norm 1: [1, 0]
            assertArrayEquals(new float[] {1, 0}, grads.get(0), 1e-5f);
            assertArrayEquals(new float[] {-3, 0}, p.toFloatArray(), 1e-4f);
            assertEquals(1.0, last.get("loss"));
        }
    }

    @Test
    void microBatchesAddTheirGradientsBeforeOneStep() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p = m.zeros(new Shape(2));
            p.setRequiresGradient(true);
            List<float[]> grads = new ArrayList<>();
            List<Integer> passes = new ArrayList<>();
            TrainingLoop.Objective objective = linear(p, new float[] {1, 2});
            TrainingLoop.LossValues last = TrainingLoop.of(2, s -> 1).withMicroBatches(3)
                    .run(m, List.of(p), sgd(grads), pass -> {
                        passes.add(pass.microBatch());
                        return objective.loss(pass);
                    }, (step, total, losses, lr, seconds) -> { });
            assertEquals(List.of(0, 1, 2, 0, 1, 2), passes);
            assertEquals(2, grads.size(), "one optimizer step per step");
            assertArrayEquals(new float[] {3, 6}, grads.get(0), 1e-5f);
            assertEquals(3.0, last.get("loss"), "the passes' values add up");
        }
    }

    @Test
    void anInterruptedThreadStopsBeforeTheNextStepOnlyWhenCancellable() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p = m.zeros(new Shape(1));
            p.setRequiresGradient(true);
            List<float[]> grads = new ArrayList<>();
            Thread.currentThread().interrupt();
            try {
                CancellationException e = assertThrows(CancellationException.class, () -> TrainingLoop.of(2, s -> 1)
                        .withCancellation("edit").run(m, List.of(p), sgd(grads), linear(p, new float[] {1}),
                                (step, total, losses, lr, seconds) -> { }));
                assertEquals("edit cancelled at step 1", e.getMessage());
                assertTrue(grads.isEmpty());
                TrainingLoop.of(2, s -> 1).run(m, List.of(p), sgd(grads), linear(p, new float[] {1}),
                        (step, total, losses, lr, seconds) -> { });
                assertEquals(2, grads.size(), "not cancellable: runs on");
            } finally {
                Thread.interrupted();
            }
        }
    }

    @Test
    void maskSgdKeepsMasksInTheUnitIntervalAndEachItsOwnVelocity() {
        try (NDManager m = NDManager.newBaseManager(); MaskSgd sgd = new MaskSgd(m, 0.9, 0)) {
            NDArray a = m.ones(new Shape(2));
            NDArray b = m.ones(new Shape(2));          // still equal to a when a's velocity is made: not shared
            a.setRequiresGradient(true);
            b.setRequiresGradient(true);
            float[][] c = {{1, -1}, {0, 0}};
            TrainingLoop.of(2, s -> 0.3).run(m, List.of(b, a), sgd, pass -> {
                NDArray ca = pass.scope().create(c[0], a.getShape());          // [2]
                NDArray cb = pass.scope().create(c[1], b.getShape());          // [2]
                return a.mul(ca).sum().add(b.mul(cb).sum());                     // []
            }, (step, total, losses, lr, seconds) -> { });
            // a: v = 1 then 1.9; m = 1 - 0.3 - 0.57 = 0.13; the other entry climbs and is clamped at 1
            assertArrayEquals(new float[] {0.13f, 1}, a.toFloatArray(), 1e-5f);
            assertArrayEquals(new float[] {1, 1}, b.toFloatArray(), 1e-6f);
        }
    }
}
