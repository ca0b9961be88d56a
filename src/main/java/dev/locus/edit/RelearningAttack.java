package dev.locus.edit;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.locus.model.LocusModel;
import dev.locus.model.ModelWeights;
import dev.locus.model.Transformer;
import dev.locus.model.component.ComponentCatalog;
import dev.locus.model.component.ComponentSet;
import dev.locus.train.AdamW;
import dev.locus.train.CosineSchedule;
import dev.locus.train.GradientClipping;
import dev.locus.train.LoraAdapters;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;

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
            List<NDArray> params = adapters.parameters();
            for (int step = 1; step <= s.steps(); step++) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new CancellationException("relearning cancelled at step " + step);
                }
                try (NDManager scope = base.manager().newSubManager()) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        Transformer t = new Transformer(edited.config(), adapters.adapted(scope));
                        NDArray total = LocalizedFineTune.objective(t, scope, task, losses, random, new double[3]);
                        gc.backward(total);
                    }
                }
                GradientClipping.clip(params, 1.0);
                adam.step(params, schedule.at(step - 1));
                if (step % s.evalEvery() == 0 || step == s.steps()) {
                    // the view owns the evaluation scope: closing the model frees it
                    try (LocusModel attacked = edited.withWeights(adapters.adapted(base.manager().newSubManager()))) {
                        listener.evaluate(step, attacked);
                    }
                }
            }
        }
    }
}
