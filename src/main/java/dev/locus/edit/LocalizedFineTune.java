package dev.locus.edit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.locus.data.EncodedPrompt;
import dev.locus.model.LocusModel;
import dev.locus.model.MemoryBudget;
import dev.locus.model.TrainableWeights;
import dev.locus.model.Transformer;
import dev.locus.model.component.ComponentSet;
import dev.locus.train.AdamW;
import dev.locus.train.CosineSchedule;
import dev.locus.train.Losses;
import dev.locus.train.TrainingLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Localized fine-tuning (the paper's edit): only the selected components' weights train, through
 * {@link TrainableWeights} (whole matrices, or a head's slices by a gradient mask); everything else, embeddings and
 * norms included, stays frozen. Trains an edited copy ({@link EditedModels#copy}), never the loaded model.
 */
public final class LocalizedFineTune {
    /** The loss terms' names in {@link TrainingLoop.LossValues}. */
    static final String FORGET = "forget";
    static final String MAINTAIN = "maintain";
    static final String GENERAL = "general";

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
        int text = task.general().stream().mapToInt(line -> line.length).max().orElse(1);
        // a pass holds the activations of one micro-batch, not of the whole batch
        int perPass = s.microBatch() > 0 ? Math.min(s.batch(), s.microBatch()) : s.batch();
        MemoryBudget.checkEdit(model.config(), model.device(), set.parameterCount(model.components()), perPass, longest,
                text);
    }

    /** Trains {@code set}'s weights of {@code edited} (which must own copies of them) on {@code task}. */
    public static Result run(LocusModel edited, ComponentSet set, EditTask task, FineTuneSettings s, Listener listener) {
        Transformer model = edited.transformer();
        checkMemory(edited, set, task, s);
        Random random = new Random(s.seed());
        CosineSchedule schedule = new CosineSchedule(s.lr(), s.warmup(), s.steps(), 0);   // PyTorch CosineAnnealingLR, eta_min 0
        long start = System.nanoTime();
        TrainingLoop.LossValues last;
        try (TrainableWeights trainable = TrainableWeights.of(model, set);
             AdamW adam = AdamW.standard(model.weights().manager(), s.weightDecay())) {
            List<NDArray> params = new ArrayList<>();
            List<NDArray> masks = new ArrayList<>();
            trainable.params().forEach(p -> {
                params.add(model.weights().get(p));
                masks.add(trainable.mask(p));          // a head trains only its own slices
            });
            // in float16 the optimizer trains float32 masters of the float16 weights the passes run with
            MasterCopies masters = MasterCopies.needed(model.weights().dataType())
                    ? new MasterCopies(model.weights().manager(), params) : null;
            StepBatches batches = new StepBatches(task, s, random);
            try (MasterCopies owned = masters) {
                TrainingLoop loop = TrainingLoop.of(s.steps(), schedule::at).withClip(s.clip()).withCancellation("edit")
                        .withMicroBatches(batches.passes());
                if (masters != null) {
                    loop = loop.withAfterBackward(masters::takeGradients);
                }
                last = loop.withGradientMasks(masters == null ? masks : masks.stream().map(masters::widen).toList())
                        .run(model.weights().manager(), masters == null ? params : masters.parameters(), adam,
                                pass -> objective(model, pass, task, s, batches),
                                (step, total, losses, lr, seconds) -> {
                                    if (masters != null) {
                                        masters.writeBack();             // the next pass runs with the new weights
                                    }
                                    listener.step(step, total, losses.get(FORGET), losses.get(MAINTAIN),
                                            losses.get(GENERAL), seconds);
                                    if (s.evalEvery() > 0 && step % s.evalEvery() == 0 && step < total) {
                                        listener.evaluate(step, edited);
                                    }
                                });
            }
        }
        return new Result(s.steps(), last.get(FORGET), last.get(MAINTAIN), last.get(GENERAL),
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * This pass's part of the step's loss: the weighted sum of the three losses on its share of the step's batches
     * (drawn at pass 0), each scaled by that share so that the passes' gradients add up to the whole batch's (null when
     * nothing is left to this pass). Each term's value adds to {@code pass.losses()} (0 when off); call it inside a
     * gradient recorder.
     */
    static NDArray objective(Transformer model, TrainingLoop.Pass pass, EditTask task, FineTuneSettings s,
                             StepBatches batches) {
        NDManager scope = pass.scope();
        TrainingLoop.LossValues values = pass.losses();
        if (pass.microBatch() == 0) {
            batches.draw();
            values.put(FORGET, 0);
            values.put(MAINTAIN, 0);
            values.put(GENERAL, 0);
        }
        int[] f = batches.forget(pass.microBatch());
        int[] m = batches.maintain(pass.microBatch());
        int[] g = batches.general(pass.microBatch());
        NDArray total = null;
        boolean forget = f.length > 0 && s.forgetCoef() > 0;
        boolean maintain = m.length > 0 && s.maintainCoef() > 0;
        if (forget || maintain) {
            // one forward pass for both terms' prompts (forget rows first): fewer, larger operations than two
            List<int[]> prompts = new ArrayList<>();
            int[] targets = new int[(forget ? f.length : 0) + (maintain ? m.length : 0)];
            if (forget) {
                prompts.addAll(ids(task.forget(), f));
                System.arraycopy(pick(task.forgetTargets(), f), 0, targets, 0, f.length);
            }
            if (maintain) {
                prompts.addAll(ids(task.maintain(), m));
                System.arraycopy(pick(task.maintainTargets(), m), 0, targets, prompts.size() - m.length, m.length);
            }
            NDArray logp = Losses.targetLogProbs(model, scope, prompts, targets);     // [forget + maintain]
            if (forget) {
                NDArray rows = logp.get(new NDIndex("0:" + f.length));
                NDArray loss = s.unlearn() ? Losses.logOneMinusP(scope, rows) : rows.mean().neg();
                double share = batches.forgetShare(f);
                values.add(FORGET, value(loss) * share);
                total = weighted(loss, s.forgetCoef() * share, scope, null);
            }
            if (maintain) {
                NDArray loss = logp.get(new NDIndex((forget ? f.length : 0) + ":")).mean().neg();
                double share = batches.maintainShare(m);
                values.add(MAINTAIN, value(loss) * share);
                total = weighted(loss, s.maintainCoef() * share, scope, total);
            }
        }
        if (g.length > 0 && s.generalCoef() > 0) {
            List<int[]> lines = new ArrayList<>();
            for (int i : g) {
                lines.add(task.general().get(i));
            }
            NDArray loss = Losses.nextTokenLoss(model, scope, lines, batches.generalTokens());   // already its share
            values.add(GENERAL, value(loss));
            total = weighted(loss, s.generalCoef(), scope, total);
        }
        return total;
    }

    /** A loss's value, whatever type the model computes in. */
    private static double value(NDArray loss) {
        return loss.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
    }

    private static NDArray weighted(NDArray loss, double coef, NDManager scope, NDArray sum) {
        NDArray w = loss.mul(scope.create((float) coef).toType(loss.getDataType(), false));   // []
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
