package dev.locus.edit;

import dev.locus.model.LocusModel;
import dev.locus.model.ModelWeights;
import dev.locus.model.Transformer;
import dev.locus.model.component.ComponentCatalog;
import dev.locus.model.component.ComponentSet;
import dev.locus.train.AdamW;
import dev.locus.train.CosineSchedule;
import dev.locus.train.LoraAdapters;
import dev.locus.train.TrainingLoop;
import java.util.Map;
import java.util.Random;

/**
 * The relearning attack (Deeb and Roger; src/docs/paper.md §5): after an edit, an adversary fine-tunes on half of
 * the forget facts with their true answers (plus the maintain and general losses) and we watch whether the other
 * half comes back. LoRA adapters on every linear matrix with dropout on their inputs and no gradient clipping (the
 * paper's), or plain fine-tuning of every attention and MLP matrix. The edited model is not changed: adapters live beside it, a plain attack trains a copy.
 */
public final class RelearningAttack {

    /** How the attacker trains. */
    public enum Mode {
        /** LoRA adapters on every linear matrix, beside the frozen edited weights. */
        LORA,
        /** Plain fine-tuning of every attention and MLP matrix of a copy. */
        FULL
    }

    /**
     * The attack's hyperparameters; start from {@link #DEFAULTS} and change fields with the {@code with} methods.
     *
     * @param rank LoRA rank
     * @param alpha LoRA scale numerator (the update is scaled by alpha / rank)
     * @param evalEvery evaluate at step 0, every this many steps, and at the end
     * @param batch prompts (and general lines) per loss term per step
     * @param seed draws the batches, the LoRA initialization and its dropout
     * @param dropout LoRA dropout on each adapter's input while training, in [0, 1)
     * @param clip the gradient norm clipped to; 0 for none
     * @param microBatch prompts per forward and backward pass (gradient accumulation); 0: the whole batch at once
     */
    public record Settings(Mode mode, int rank, double alpha, double lr, int steps, int evalEvery, int batch,
            long seed, double dropout, double clip, int microBatch) {

        /**
         * LoRA of rank 16 and alpha 32, dropout 0.05, lr 2e-4, no gradient clipping, 20 steps evaluated every 10, 32
         * prompts (the paper's, but for the rank: its 512 is above the bundled model's width).
         */
        public static final Settings DEFAULTS = new Settings(Mode.LORA, 16, 32, 2e-4, 20, 10, 32, 0, 0.05, 0, 0);

        public Settings {
            java.util.Objects.requireNonNull(mode, "mode");
        }

        public Settings withMode(Mode v) {
            return new Settings(v, rank, alpha, lr, steps, evalEvery, batch, seed, dropout, clip, microBatch);
        }

        public Settings withRank(int v) {
            return new Settings(mode, v, alpha, lr, steps, evalEvery, batch, seed, dropout, clip, microBatch);
        }

        public Settings withAlpha(double v) {
            return new Settings(mode, rank, v, lr, steps, evalEvery, batch, seed, dropout, clip, microBatch);
        }

        public Settings withLr(double v) {
            return new Settings(mode, rank, alpha, v, steps, evalEvery, batch, seed, dropout, clip, microBatch);
        }

        public Settings withSteps(int v) {
            return new Settings(mode, rank, alpha, lr, v, evalEvery, batch, seed, dropout, clip, microBatch);
        }

        public Settings withEvalEvery(int v) {
            return new Settings(mode, rank, alpha, lr, steps, v, batch, seed, dropout, clip, microBatch);
        }

        public Settings withBatch(int v) {
            return new Settings(mode, rank, alpha, lr, steps, evalEvery, v, seed, dropout, clip, microBatch);
        }

        public Settings withSeed(long v) {
            return new Settings(mode, rank, alpha, lr, steps, evalEvery, batch, v, dropout, clip, microBatch);
        }

        public Settings withDropout(double v) {
            return new Settings(mode, rank, alpha, lr, steps, evalEvery, batch, seed, v, clip, microBatch);
        }

        public Settings withMicroBatch(int v) {
            return new Settings(mode, rank, alpha, lr, steps, evalEvery, batch, seed, dropout, clip, v);
        }

        public Settings withClip(double v) {
            return new Settings(mode, rank, alpha, lr, steps, evalEvery, batch, seed, dropout, v, microBatch);
        }
    }

    /** Called with the attacked model at each evaluation step; the model is valid only during the call. */
    public interface Listener {
        void evaluate(int step, LocusModel attacked);
    }

    private RelearningAttack() {
    }

    /** Refuses, with the estimator's numbers, an attack the device cannot hold beside the edited model. */
    static void checkMemory(LocusModel edited, EditTask task, Settings s) {
        int longest = java.util.stream.Stream.concat(task.forget().stream(), task.maintain().stream())
                .mapToInt(p -> p.ids().length).max().orElse(1);
        int text = task.general().stream().mapToInt(line -> line.length).max().orElse(0);
        ComponentCatalog catalog = edited.components();
        long matrices = ComponentSet.of(catalog, catalog.all().stream()
                .filter(c -> c.kind() != dev.locus.model.component.Component.Kind.HEAD).map(c -> c.id()).toList())
                .parameterCount(catalog);
        dev.locus.model.MemoryBudget.checkRelearn(edited.config(), edited.device(),
                edited.transformer().weights().dataType().getNumOfBytes(), s.mode() == Mode.FULL ? 0 : s.rank(),
                matrices, new dev.locus.model.budget.Estimator.Batch(s.batch(), s.microBatch(), longest, text));
    }

    /** Attacks {@code edited}; {@code task}'s forget targets are the relearned facts' true answers. */
    public static void run(LocusModel edited, EditTask task, Settings s, Listener listener) {
        // relearning the true answers: each loss term weighted 1, no weight decay or warm-up, clipped as set
        FineTuneSettings losses = FineTuneSettings.DEFAULTS.withSteps(s.steps()).withBatch(s.batch()).withLr(s.lr())
                .withEvalEvery(s.evalEvery()).withSeed(s.seed()).withMicroBatch(s.microBatch())
                .withClip(s.clip() > 0 ? s.clip() : Double.POSITIVE_INFINITY);   // an infinite norm never clips
        checkMemory(edited, task, s);
        listener.evaluate(0, edited);
        if (s.mode() == Mode.FULL) {
            ComponentCatalog catalog = edited.components();
            ComponentSet all = ComponentSet.of(catalog, catalog.all().stream()
                    .filter(c -> c.kind() != dev.locus.model.component.Component.Kind.HEAD).map(c -> c.id()).toList());
            try (LocusModel copy = EditedModels.copy(edited, all)) {
                LocalizedFineTune.run(copy, all, task, losses, new LocalizedFineTune.Listener() {
                    @Override
                    public void evaluate(int step, LocusModel model) {
                        listener.evaluate(step, model);
                    }
                });
                listener.evaluate(s.steps(), copy);
            }
            return;
        }
        ModelWeights base = edited.transformer().weights();
        Random random = new Random(s.seed());
        CosineSchedule schedule = new CosineSchedule(s.lr(), 0, s.steps(), 0);
        try (LoraAdapters adapters = LoraAdapters.create(base, edited.components().specs(), edited.config(), s.rank(),
                s.alpha(), s.seed()); AdamW adam = AdamW.standard(base.manager(), 0)) {
            // Training and evaluation read the adapters beside the frozen weights (x A B, never W + A B): training
            // with dropout on their inputs, evaluation without.
            Transformer.LinearPath path = adapters.path(s.dropout());
            Transformer.LinearPath evaluation = adapters.path(0);
            if (s.dropout() > 0) {
                ai.djl.engine.Engine.getInstance().setRandomSeed((int) s.seed());   // the dropout masks' generator
            }
            StepBatches batches = new StepBatches(task, losses, random);
            TrainingLoop loop = TrainingLoop.of(s.steps(), schedule::at).withCancellation("relearning")
                    .withMicroBatches(batches.passes());
            (s.clip() > 0 ? loop.withClip(s.clip()) : loop)
                    .run(base.manager(), adapters.parameters(), adam, pass -> {
                        // a view owned by the pass's scope, so that the pass's constants are freed with it
                        Transformer t = new Transformer(edited.config(), base.overlay(pass.scope(), Map.of()), path);
                        return LocalizedFineTune.objective(t, pass, task, losses, batches);   // []
                    }, (step, total, values, lr, seconds) -> {
                        if (step % s.evalEvery() == 0 || step == total) {
                            // the view owns the evaluation scope (the pass's constants): closing the model frees it
                            try (LocusModel attacked = edited.withWeights(
                                    base.overlay(base.manager().newSubManager(), Map.of()), evaluation)) {
                                listener.evaluate(step, attacked);
                            }
                        }
                    });
        }
    }
}
