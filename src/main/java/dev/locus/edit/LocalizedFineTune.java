package dev.locus.edit;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.locus.data.EncodedPrompt;
import dev.locus.model.LocusModel;
import dev.locus.model.MemoryBudget;
import dev.locus.model.TrainableWeights;
import dev.locus.model.Transformer;
import dev.locus.model.component.ComponentSet;
import dev.locus.train.AdamW;
import dev.locus.train.CosineSchedule;
import dev.locus.train.GradientClipping;
import dev.locus.train.Losses;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;

/**
 * Localized fine-tuning (the paper's edit): only the selected components' weights train, through
 * {@link TrainableWeights} (whole matrices, or a head's slices by a gradient mask); everything else, embeddings and
 * norms included, stays frozen. Trains an edited copy ({@link EditedModels#copy}), never the loaded model.
 */
public final class LocalizedFineTune {

    /** Called on the training thread. */
    public interface Listener {
        /** After each step: the three loss terms and the total. */
        default void step(int step, int total, double forget, double maintain, double general, double seconds) {
        }

        /** Every {@code evalEvery} steps, with the model as trained so far. */
        default void evaluate(int step, LocusModel model) {
        }
    }

    /** Losses at the last step. */
    public record Result(int steps, double forgetLoss, double maintainLoss, double generalLoss, double seconds) {
    }

    private LocalizedFineTune() {
    }

    /** Refuses, with the numbers, an edit of {@code set} on {@code task} that the machine cannot hold. */
    static void checkMemory(LocusModel model, ComponentSet set, EditTask task, FineTuneSettings s) {
        int longest = java.util.stream.Stream.concat(task.forget().stream(), task.maintain().stream())
                .mapToInt(p -> p.ids().length).max().orElse(1);
        MemoryBudget.checkEdit(model.config(), model.device(), set.parameterCount(model.components()), s.batch(), longest);
    }

    /** Trains {@code set}'s weights of {@code edited} (which must own copies of them) on {@code task}. */
    public static Result run(LocusModel edited, ComponentSet set, EditTask task, FineTuneSettings s, Listener listener) {
        Transformer model = edited.transformer();
        checkMemory(edited, set, task, s);
        Random random = new Random(s.seed());
        CosineSchedule schedule = new CosineSchedule(s.lr(), s.warmup(), s.steps(), 0);   // PyTorch CosineAnnealingLR, eta_min 0
        long start = System.nanoTime();
        double[] last = new double[3];
        try (TrainableWeights trainable = TrainableWeights.of(model, set);
             AdamW adam = AdamW.standard(model.weights().manager(), s.weightDecay())) {
            List<NDArray> params = new ArrayList<>();
            List<NDArray> masks = new ArrayList<>();
            trainable.params().forEach(p -> {
                params.add(model.weights().get(p));
                masks.add(trainable.mask(p));
            });
            for (int step = 1; step <= s.steps(); step++) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new CancellationException("edit cancelled at step " + step);
                }
                last = step(model, task, s, random);
                for (String p : trainable.params()) {
                    NDArray mask = trainable.mask(p);
                    if (mask != null) {
                        model.weights().get(p).getGradient().muli(mask);   // a head trains only its own slices
                    }
                }
                GradientClipping.clip(params, s.clip());
                adam.step(params, masks, schedule.at(step - 1));
                double seconds = (System.nanoTime() - start) / 1e9;
                listener.step(step, s.steps(), last[0], last[1], last[2], seconds);
                if (s.evalEvery() > 0 && step % s.evalEvery() == 0 && step < s.steps()) {
                    listener.evaluate(step, edited);
                }
            }
        }
        return new Result(s.steps(), last[0], last[1], last[2], (System.nanoTime() - start) / 1e9);
    }

    /** One forward and backward pass of the three losses; returns their values. */
    private static double[] step(Transformer model, EditTask task, FineTuneSettings s, Random random) {
        try (NDManager scope = model.weights().manager().newSubManager();
             GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            double[] values = new double[3];
            NDArray total = objective(model, scope, task, s, random, values);
            if (total != null) {
                gc.backward(total);
            }
            return values;
        }
    }

    /**
     * The weighted sum of the three losses on freshly drawn batches (null when every term is off), with each term's
     * value in {@code values}; call it inside a gradient recorder.
     */
    static NDArray objective(Transformer model, NDManager scope, EditTask task, FineTuneSettings s, Random random,
                             double[] values) {
        int[] f = Losses.sample(task.forget().size(), s.batch(), random);
        int[] m = Losses.sample(task.maintain().size(), s.batch(), random);
        int[] g = Losses.sample(task.general().size(), s.batch(), random);
        NDArray total = null;
        if (f.length > 0 && s.forgetCoef() > 0) {
            NDArray loss = s.unlearn()
                    ? Losses.logOneMinusP(model, scope, ids(task.forget(), f), pick(task.forgetTargets(), f))
                    : Losses.answerCrossEntropy(model, scope, ids(task.forget(), f), pick(task.forgetTargets(), f));
            values[0] = loss.getFloat();
            total = weighted(loss, s.forgetCoef(), scope, null);
        }
        if (m.length > 0 && s.maintainCoef() > 0) {
            NDArray loss = Losses.answerCrossEntropy(model, scope, ids(task.maintain(), m), pick(task.maintainTargets(), m));
            values[1] = loss.getFloat();
            total = weighted(loss, s.maintainCoef(), scope, total);
        }
        if (g.length > 0 && s.generalCoef() > 0) {
            List<int[]> lines = new ArrayList<>();
            for (int i : g) {
                lines.add(task.general().get(i));
            }
            NDArray loss = Losses.nextTokenLoss(model, scope, lines);
            values[2] = loss.getFloat();
            total = weighted(loss, s.generalCoef(), scope, total);
        }
        return total;
    }

    private static NDArray weighted(NDArray loss, double coef, NDManager scope, NDArray sum) {
        NDArray w = loss.mul(scope.create((float) coef).toType(loss.getDataType(), false));
        return sum == null ? w : sum.add(w);
    }

    private static List<int[]> ids(List<EncodedPrompt> prompts, int[] idx) {
        List<int[]> out = new ArrayList<>();
        for (int i : idx) {
            out.add(prompts.get(i).ids());
        }
        return out;
    }

    private static int[] pick(int[] values, int[] idx) {
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = values[idx[i]];
        }
        return out;
    }
}
