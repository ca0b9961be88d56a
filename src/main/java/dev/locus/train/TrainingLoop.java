package dev.locus.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.IntToDoubleFunction;

/**
 * The loop every trainer here shares (edits, weight masking, the relearning attack, demo training). Each step
 * {@code 1..steps}, in this order:
 * <ol>
 * <li>if cancellable and the thread is interrupted, a {@link CancellationException} ("edit cancelled at step 3");</li>
 * <li>{@code microBatches} passes, each in a fresh scope under the parent manager and a fresh gradient collector:
 * the {@link Objective} builds the loss, backward runs on it (gradients add up across passes), collector and scope
 * close;</li>
 * <li>each masked parameter's gradient multiplied by its mask;</li>
 * <li>gradients clipped to the global norm, when a norm is set;</li>
 * <li>the {@link Optimizer} step at learning rate {@code schedule.applyAsDouble(step - 1)};</li>
 * <li>the {@link Listener}.</li>
 * </ol>
 * Immutable: the {@code with} methods return a changed copy.
 */
public final class TrainingLoop {

    /** Builds one pass's loss; runs inside the pass's scope and gradient collector. */
    @FunctionalInterface
    public interface Objective {
        /** The scalar loss, its arrays in {@code pass.scope()}; null when nothing trains (backward is skipped). */
        NDArray loss(Pass pass);
    }

    /**
     * One forward and backward pass.
     *
     * @param scope frees the pass's arrays when it closes, right after backward
     * @param step the step, from 1
     * @param microBatch the pass within the step, from 0
     * @param losses where the objective reports its loss values for the listener
     */
    public record Pass(NDManager scope, int step, int microBatch, LossValues losses) {
    }

    /** Called on the training thread after each optimizer step. */
    @FunctionalInterface
    public interface Listener {
        void step(int step, int total, LossValues losses, double lr, double seconds);
    }

    /** Named loss values reported during one step, in the order reported. */
    public static final class LossValues {
        private final Map<String, Double> values = new LinkedHashMap<>();

        public void put(String name, double value) {
            values.put(name, value);
        }

        /** Adds to the value so far (0 when none): sums a loss over a step's passes. */
        public void add(String name, double value) {
            values.merge(name, value, Double::sum);
        }

        /** The value reported as {@code name}; an error when none was. */
        public double get(String name) {
            Double v = values.get(name);
            if (v == null) {
                throw new IllegalArgumentException("no loss named " + name + " (have " + values.keySet() + ")");
            }
            return v;
        }

        public Map<String, Double> asMap() {
            return Collections.unmodifiableMap(values);
        }
    }

    private final int steps;
    private final IntToDoubleFunction schedule;
    private final Double clip;                       // null: no clipping
    private final String task;
    private final int microBatches;
    private final List<NDArray> masks;
    private Runnable afterBackward;                 // null: nothing

    private TrainingLoop(int steps, IntToDoubleFunction schedule, Double clip, String task, int microBatches,
                         List<NDArray> masks) {
        if (steps < 0 || microBatches < 1) {
            throw new IllegalArgumentException("bad loop: " + steps + " steps of " + microBatches + " passes");
        }
        this.steps = steps;
        this.schedule = schedule;
        this.clip = clip;
        this.task = task;
        this.microBatches = microBatches;
        this.masks = masks;
    }

    /**
     * {@code steps} steps, the learning rate of step s being {@code schedule.applyAsDouble(s - 1)} (0-based, as
     * {@link CosineSchedule#at}); no clipping, no cancellation, one pass per step, no gradient masks.
     */
    public static TrainingLoop of(int steps, IntToDoubleFunction schedule) {
        return new TrainingLoop(steps, schedule, null, null, 1, null);
    }

    /** Clips the gradients' global L2 norm to {@code maxNorm} before each optimizer step. */
    public TrainingLoop withClip(double maxNorm) {
        return keep(new TrainingLoop(steps, schedule, maxNorm, task, microBatches, masks));
    }

    /** Checks for interruption before each step; {@code task} names it in the message ("edit cancelled at step 3"). */
    public TrainingLoop withCancellation(String task) {
        return keep(new TrainingLoop(steps, schedule, clip, task, microBatches, masks));
    }

    /**
     * {@code passes} forward and backward passes per optimizer step (gradient accumulation); the objective scales
     * each pass's loss as it needs (by 1 / passes for a mean).
     */
    public TrainingLoop withMicroBatches(int passes) {
        return keep(new TrainingLoop(steps, schedule, clip, task, passes, masks));
    }

    /**
     * Gradient masks, one per parameter (null entries for whole parameters): multiplied into the gradients before
     * clipping, and handed to the optimizer.
     */
    public TrainingLoop withGradientMasks(List<NDArray> masks) {
        return keep(new TrainingLoop(steps, schedule, clip, task, microBatches, masks));
    }

    private TrainingLoop keep(TrainingLoop changed) {
        changed.afterBackward = afterBackward;
        return changed;
    }

    /**
     * This loop, running {@code action} after each step's passes, before masks, clipping and the optimizer: how float32
     * master copies take the gradients that the passes left on the float16 arrays they ran with.
     */
    public TrainingLoop withAfterBackward(Runnable action) {
        TrainingLoop copy = new TrainingLoop(steps, schedule, clip, task, microBatches, masks);
        copy.afterBackward = action;
        return copy;
    }

    /**
     * Trains {@code params} (which require gradients), each pass's scope a sub-manager of {@code parent}; returns the
     * last step's loss values (empty after no steps).
     */
    public LossValues run(NDManager parent, List<NDArray> params, Optimizer optimizer, Objective objective,
                          Listener listener) {
        if (masks != null && masks.size() != params.size()) {
            throw new IllegalArgumentException(masks.size() + " gradient masks for " + params.size() + " parameters");
        }
        long start = System.nanoTime();
        LossValues last = new LossValues();
        for (int step = 1; step <= steps; step++) {
            if (task != null && Thread.currentThread().isInterrupted()) {
                throw new CancellationException(task + " cancelled at step " + step);
            }
            LossValues losses = new LossValues();
            for (int pass = 0; pass < microBatches; pass++) {
                try (NDManager scope = parent.newSubManager();
                     GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = objective.loss(new Pass(scope, step, pass, losses));
                    if (loss != null) {
                        gc.backward(loss);
                    }
                }
            }
            if (afterBackward != null) {
                afterBackward.run();
            }
            if (masks != null) {
                for (int i = 0; i < params.size(); i++) {
                    if (masks.get(i) != null) {
                        params.get(i).getGradient().muli(masks.get(i));   // only the mask's entries train
                    }
                }
            }
            if (clip != null) {
                GradientClipping.clip(params, clip);
            }
            double lr = schedule.applyAsDouble(step - 1);
            optimizer.step(params, masks, lr);
            listener.step(step, steps, losses, lr, (System.nanoTime() - start) / 1e9);
            last = losses;
        }
        return last;
    }
}
