package dev.locus.edit;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.locus.model.LocusModel;
import dev.locus.model.ModelWeights;
import dev.locus.model.TrainableWeights;
import dev.locus.model.Transformer;
import dev.locus.model.component.ComponentSet;
import dev.locus.train.CosineSchedule;
import dev.locus.train.GradientClipping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;

/**
 * Weight masking (the paper's weight-masking code): instead of new values, learn a mask m in [0, 1] over the selected
 * weights (W becomes W * m), starting at 1, with the edit's task losses plus an L1 penalty pulling m back toward 1
 * that is ramped in from 30% of the steps; SGD with momentum 0.9 and weight decay 0.01, cosine schedule, m clamped to
 * [0, 1] after each step. The edit size is how many weights the mask moved, and by how much.
 */
public final class WeightMasking {
    private static final double MOVED = 1e-3;

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
    }

    /** The masked model (owning copies of the masked weights: close it) and its edit size. */
    public record Result(LocusModel model, EditSize size) {
    }

    private WeightMasking() {
    }

    /** Learns the mask over {@code set}'s weights of {@code base}; {@code base} is unchanged. */
    public static Result run(LocusModel base, ComponentSet set, EditTask task, FineTuneSettings s, double penalty,
                             LocalizedFineTune.Listener listener) {
        LocalizedFineTune.checkMemory(base, set, task, s);
        ModelWeights weights = base.transformer().weights();
        Random random = new Random(s.seed());
        CosineSchedule schedule = new CosineSchedule(s.lr(), s.warmup(), s.steps(), 0);
        long start = System.nanoTime();
        try (NDManager state = weights.manager().newSubManager();
             TrainableWeights selected = TrainableWeights.of(base.transformer(), set)) {
            Map<String, NDArray> masks = new LinkedHashMap<>();
            Map<String, NDArray> velocity = new LinkedHashMap<>();
            for (String p : selected.params()) {
                weights.get(p).setRequiresGradient(false);     // the mask trains, not the weight
                NDArray m = state.ones(weights.get(p).getShape(), weights.dataType());
                m.setRequiresGradient(true);
                masks.put(p, m);
                velocity.put(p, state.zeros(m.getShape(), m.getDataType()));
            }
            long total = selectedCount(selected, masks);
            int rampStart = Math.max(1, (int) Math.round(0.3 * s.steps()));
            for (int step = 1; step <= s.steps(); step++) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new CancellationException("weight masking cancelled at step " + step);
                }
                double ramp = penalty * Math.min(1, Math.max(0, (step - rampStart) / (double) rampStart));
                double[] values = new double[3];
                try (NDManager scope = weights.manager().newSubManager()) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        Transformer t = new Transformer(base.config(), masked(weights, masks, selected, scope));
                        NDArray loss = LocalizedFineTune.objective(t, scope, task, s, random, values);
                        if (ramp > 0) {
                            NDArray l1 = l1(masks, selected, scope, total).mul(scope.create((float) ramp));
                            loss = loss == null ? l1 : loss.add(l1);
                        }
                        gc.backward(loss);
                    }
                }
                List<NDArray> params = new ArrayList<>(masks.values());
                GradientClipping.clip(params, s.clip());
                sgdStep(masks, velocity, schedule.at(step - 1), state);
                listener.step(step, s.steps(), values[0], values[1], values[2], (System.nanoTime() - start) / 1e9);
            }
            ModelWeights frozen;
            NDManager owner = weights.manager().newSubManager();
            Map<String, NDArray> out = new LinkedHashMap<>();
            try (NDManager scope = weights.manager().newSubManager()) {
                ModelWeights view = masked(weights, masks, selected, scope);
                for (String p : masks.keySet()) {
                    NDArray copy = view.get(p).duplicate();
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
            NDArray m = effective(e.getValue(), selected.mask(e.getKey()), scope);
            replaced.put(e.getKey(), m.mul(weights.get(e.getKey())));
        }
        return weights.overlay(scope, replaced);
    }

    /** m on selected entries, 1 elsewhere, in {@code scope}: each result follows its first operand, an array of scope. */
    private static NDArray effective(NDArray mask, NDArray selectedEntries, NDManager scope) {
        NDArray one = scope.ones(new Shape(1), mask.getDataType());
        if (selectedEntries == null) {
            return one.mul(mask);
        }
        return one.sub(selectedEntries).add(one.mul(mask).mul(selectedEntries));
    }

    /** Mean of |1 - m| over the selected entries. */
    private static NDArray l1(Map<String, NDArray> masks, TrainableWeights selected, NDManager scope, long total) {
        NDArray sum = null;
        NDArray one = scope.ones(new Shape(1), masks.values().iterator().next().getDataType());
        for (Map.Entry<String, NDArray> e : masks.entrySet()) {
            NDArray gap = one.sub(e.getValue()).abs();
            NDArray sel = selected.mask(e.getKey());
            NDArray s = (sel == null ? gap : gap.mul(sel)).sum();
            sum = sum == null ? s : sum.add(s);
        }
        return sum.div(scope.create((float) total));
    }

    /** SGD with momentum 0.9 and weight decay 0.01 (as the paper's masking script), then m clamped to [0, 1]. */
    private static void sgdStep(Map<String, NDArray> masks, Map<String, NDArray> velocity, double lr, NDManager state) {
        try (NDManager scope = state.newSubManager()) {
            for (Map.Entry<String, NDArray> e : masks.entrySet()) {
                NDArray m = e.getValue();
                NDArray v = velocity.get(e.getKey());
                NDArray g = m.getGradient();
                g.attach(scope);
                m.tempAttach(scope);
                v.tempAttach(scope);
                v.muli(0.9).addi(g).addi(m.mul(0.01));
                m.subi(v.mul(lr));
                m.subi(m.sub(m.clip(0, 1)));   // in place: m becomes clip(m, 0, 1)
                g.subi(g);
            }
        }
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
            float[] m = e.getValue().toType(DataType.FLOAT32, false).toFloatArray();
            NDArray sel = selected.mask(e.getKey());
            float[] on = sel == null ? null : sel.broadcast(e.getValue().getShape()).toType(DataType.FLOAT32, false).toFloatArray();
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
