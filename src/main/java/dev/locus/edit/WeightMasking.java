package dev.locus.edit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.locus.model.LocusModel;
import dev.locus.model.ModelWeights;
import dev.locus.model.TrainableWeights;
import dev.locus.model.Transformer;
import dev.locus.model.component.ComponentSet;
import dev.locus.train.CosineSchedule;
import dev.locus.train.MaskSgd;
import dev.locus.train.TrainingLoop;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Weight masking (the paper's weight-masking code, src/docs/paper.md §4): instead of new values, learn a mask m in
 * [0, 1] over the selected weights (W becomes W * m), starting at 1, with the edit's task losses plus
 * {@link Mask#coefficient} x an L1 penalty: the mean of |1 - m| over each masked matrix, averaged over the matrices, so
 * that the penalty (and the edit it allows) does not grow with the size of the localization. SGD with momentum 0.9 and
 * weight decay 0.01 at the mask's own learning rate, cosine schedule, m clamped to [0, 1] after each step. The edit
 * size is how many weights the mask moved, and by how much.
 */
public final class WeightMasking {
    private static final double MOVED = 1e-3;
    /** The penalty's name among the step's loss values. */
    static final String PENALTY = "mask_penalty";

    /**
     * How much the mask changed the selected weights.
     *
     * @param weights selected weights
     * @param moved weights whose mask is below 1 - 0.001
     * @param halved weights whose mask is below 0.5
     * @param meanShift mean of 1 - m over the selected weights
     */
    public record EditSize(long weights, long moved, long halved, double meanShift) {
        public double movedFraction() {
            return weights == 0 ? 0 : (double) moved / weights;
        }

        /** Each measure by the name metrics.csv gives it ({@code weights}, {@code moved}, ...), in that order. */
        public Map<String, Double> byName() {
            Map<String, Double> out = new LinkedHashMap<>();
            out.put("weights", (double) weights);
            out.put("moved", (double) moved);
            out.put("moved_fraction", movedFraction());
            out.put("halved", (double) halved);
            out.put("mean_shift", meanShift);
            return out;
        }
    }

    /**
     * The mask's own settings.
     *
     * @param beta the penalty's full weight
     * @param rampStart the step (from 0, as the paper's epochs) at which the penalty's weight is 0
     * @param lr SGD's peak learning rate for the mask
     */
    public record Mask(double beta, int rampStart, double lr) {
        /** The paper's: beta 1, weight 0 at step 15, SGD at 1e-3. */
        public static final Mask PAPER = new Mask(1.0, 15, 1e-3);

        /**
         * The penalty's weight at {@code step} (from 0), as the paper's code computes it: min(beta (step - rampStart),
         * beta). Before {@code rampStart} it is negative (the paper's comment: "linearly increase from negative to
         * positive"), which pushes the mask away from 1 while the task losses find what to cut; from rampStart + 1 on
         * it is beta.
         */
        public double coefficient(int step) {
            return Math.min(beta * (step - rampStart), beta);
        }
    }

    /** The masked model (owning copies of the masked weights: close it) and its edit size. */
    public record Result(LocusModel model, EditSize size) {
    }

    private WeightMasking() {
    }

    /**
     * Learns the mask over {@code set}'s weights of {@code base}; {@code base} is unchanged. {@code s} gives the task
     * losses, steps, batch, warm-up, clipping and seed; {@code mask} the penalty and the learning rate.
     */
    public static Result run(LocusModel base, ComponentSet set, EditTask task, FineTuneSettings s, Mask mask,
                             LocalizedFineTune.Listener listener) {
        LocalizedFineTune.checkMemory(base, set, task, s);
        ModelWeights weights = base.transformer().weights();
        Random random = new Random(s.seed());
        CosineSchedule schedule = new CosineSchedule(mask.lr(), s.warmup(), s.steps(), 0);
        try (NDManager state = weights.manager().newSubManager();
             TrainableWeights selected = TrainableWeights.of(base.transformer(), set);
             MaskSgd sgd = new MaskSgd(state, 0.9, 0.01)) {
            Map<String, NDArray> masks = new LinkedHashMap<>();
            for (String p : selected.params()) {
                weights.get(p).setRequiresGradient(false);     // the mask trains, not the weight
                NDArray m = state.ones(weights.get(p).getShape(), weights.dataType());   // shape of the weight
                m.setRequiresGradient(true);
                masks.put(p, m);
            }
            long total = selectedCount(selected, masks);
            MaskPenalty penalty = MaskPenalty.of(masks, selected, base.components().specs(), state);
            StepBatches batches = new StepBatches(task, s, random);
            TrainingLoop.of(s.steps(), schedule::at).withClip(s.clip()).withCancellation("weight masking")
                    .withMicroBatches(batches.passes())
                    .run(weights.manager(), new ArrayList<>(masks.values()), sgd, pass -> {
                        double weight = mask.coefficient(pass.step() - 1);     // the paper counts steps from 0
                        NDManager scope = pass.scope();
                        Transformer t = new Transformer(base.config(), masked(weights, masks, selected, scope));
                        NDArray loss = LocalizedFineTune.objective(t, pass, task, s, batches);   // []
                        if (weight != 0 && pass.microBatch() == 0) {                  // once per step
                            NDArray l1 = penalty.value(masks, scope);                                      // []
                            pass.losses().put(PENALTY, l1.getFloat());
                            NDArray weighted = l1.mul(scope.create((float) weight));                     // []
                            loss = loss == null ? weighted : loss.add(weighted);
                        }
                        return loss;
                    }, (step, steps, losses, lr, seconds) -> listener.step(step, steps, losses.get(LocalizedFineTune.FORGET),
                            losses.get(LocalizedFineTune.MAINTAIN), losses.get(LocalizedFineTune.GENERAL), seconds));
            ModelWeights frozen;
            NDManager owner = weights.manager().newSubManager();
            Map<String, NDArray> out = new LinkedHashMap<>();
            try (NDManager scope = weights.manager().newSubManager()) {
                ModelWeights view = masked(weights, masks, selected, scope);
                for (String p : masks.keySet()) {
                    NDArray copy = view.get(p).duplicate();   // W * m', shape of the weight
                    copy.attach(owner);
                    out.put(p, copy);
                }
            }
            frozen = weights.overlay(owner, out);
            return new Result(base.withWeights(frozen), size(masks, selected, total));
        }
    }

    /** The weights with W * m' where m' is the mask on the selected entries and 1 elsewhere; arrays in {@code scope}. */
    private static ModelWeights masked(ModelWeights weights, Map<String, NDArray> masks, TrainableWeights selected,
                                       NDManager scope) {
        Map<String, NDArray> replaced = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : masks.entrySet()) {
            NDArray m = effective(e.getValue(), selected.mask(e.getKey()), scope);   // shape of the weight
            replaced.put(e.getKey(), m.mul(weights.get(e.getKey())));             // W * m', shape of the weight
        }
        return weights.overlay(scope, replaced);
    }

    /** m on selected entries, 1 elsewhere, in {@code scope}: each result follows its first operand, an array of scope. */
    private static NDArray effective(NDArray mask, NDArray selectedEntries, NDManager scope) {
        NDArray one = scope.ones(new Shape(1), mask.getDataType());              // [1]
        if (selectedEntries == null) {
            return one.mul(mask);
        }
        return one.sub(selectedEntries).add(one.mul(mask).mul(selectedEntries));
    }

    private static long selectedCount(TrainableWeights selected, Map<String, NDArray> masks) {
        long n = 0;
        for (Map.Entry<String, NDArray> e : masks.entrySet()) {
            NDArray sel = selected.mask(e.getKey());
            long size = e.getValue().getShape().size();
            n += sel == null ? size : (long) (size * sel.sum().toType(DataType.FLOAT64, false).getDouble() / sel.getShape().size());
        }
        return n;
    }

    private static EditSize size(Map<String, NDArray> masks, TrainableWeights selected, long total) {
        long moved = 0;
        long halved = 0;
        double shift = 0;
        for (Map.Entry<String, NDArray> e : masks.entrySet()) {
            float[] m = e.getValue().toType(DataType.FLOAT32, false).toFloatArray();   // the mask, flat
            NDArray sel = selected.mask(e.getKey());
            float[] on = sel == null ? null   // the selection broadcast to the mask's shape, flat
                    : sel.broadcast(e.getValue().getShape()).toType(DataType.FLOAT32, false).toFloatArray();
            for (int i = 0; i < m.length; i++) {
                if (on == null || on[i] > 0) {
                    moved += m[i] < 1 - MOVED ? 1 : 0;
                    halved += m[i] < 0.5 ? 1 : 0;
                    shift += 1 - m[i];
                }
            }
        }
        return new EditSize(total, moved, halved, total == 0 ? 0 : shift / total);
    }
}
