package dev.locus.edit;

import dev.locus.model.ComponentCatalog;
import dev.locus.model.ComponentSet;
import dev.locus.model.LocusModel;
import dev.locus.model.ModelWeights;
import dev.locus.model.Transformer;
import dev.locus.train.AdamW;
import dev.locus.train.CosineSchedule;
import dev.locus.train.LoraAdapters;
import dev.locus.train.TrainingLoop;
import java.util.Random;

/**
 * The relearning attack (Deeb and Roger; PAPER-SPEC section 5): after an edit, an adversary fine-tunes on half of
 * the forget facts with their true answers (plus the maintain and general losses) and we watch whether the other
 * half comes back. LoRA adapters on every linear matrix (the paper's), or plain fine-tuning of every attention and
 * MLP matrix. The edited model is not changed: adapters live beside it, a plain attack trains a copy.
 */
public final class RelearningAttack {

    /**
     * @param lora LoRA adapters (else full fine-tuning of every attention and MLP matrix)
     * @param evalEvery evaluate at step 0, every this many steps, and at the end
     */
    public record Settings(boolean lora, int rank, double alpha, double lr, int steps, int evalEvery, int batch,
            long seed) {
    }

    /** Called with the attacked model at each evaluation step; the model is valid only during the call. */
    public interface Listener {
        void evaluate(int step, LocusModel attacked);
    }

    private RelearningAttack() {
    }

    /** Attacks {@code edited}; {@code task}'s forget targets are the relearned facts' true answers. */
    public static void run(LocusModel edited, EditTask task, Settings s, Listener listener) {
        FineTuneSettings losses = new FineTuneSettings(false, s.steps(), s.batch(), s.lr(), 1, 1, 1, 0, 1, 0, s.evalEvery(),
                s.seed());
        listener.evaluate(0, edited);
        if (!s.lora()) {
            ComponentCatalog catalog = edited.components();
            ComponentSet all = ComponentSet.of(catalog, catalog.all().stream()
                    .filter(c -> c.kind() != dev.locus.model.Component.Kind.HEAD).map(c -> c.id()).toList());
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
            TrainingLoop.of(s.steps(), schedule::at).withClip(1.0).withCancellation("relearning")
                    .run(base.manager(), adapters.parameters(), adam, pass -> {
                        Transformer t = new Transformer(edited.config(), adapters.adapted(pass.scope()));
                        return LocalizedFineTune.objective(t, pass.scope(), task, losses, random, pass.losses());   // []
                    }, (step, total, values, lr, seconds) -> {
                        if (step % s.evalEvery() == 0 || step == total) {
                            // the view owns the evaluation scope: closing the model frees it
                            try (LocusModel attacked = edited.withWeights(adapters.adapted(base.manager().newSubManager()))) {
                                listener.evaluate(step, attacked);
                            }
                        }
                    });
        }
    }
}
