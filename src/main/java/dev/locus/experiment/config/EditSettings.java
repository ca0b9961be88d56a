package dev.locus.experiment.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.core.JsonObject.Bound;
import dev.locus.core.JsonObject;
import dev.locus.edit.FineTuneSettings;
import dev.locus.edit.WeightMasking;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * How an edit trains: the config's {@code "edit"} object, and each method's resolved settings after its
 * {@code "method_edit"} overrides ({@link ExperimentConfig#editFor}).
 *
 * @param objective {@code edit} (cross-entropy toward the edit target) or {@code unlearn} (log(1 - p) of the true
 *     answer); {@link Objective#key()} is the config's word
 * @param steps optimizer steps, at least 1
 * @param batch prompts per step, at least 1
 * @param lr the peak learning rate, above 0
 * @param forgetCoef weight of the forget loss, at least 0
 * @param maintainCoef weight of the maintain loss (the other facts keep their answers), at least 0
 * @param generalCoef weight of the general-text language-modelling loss, at least 0
 * @param weightDecay AdamW's decoupled weight decay, at least 0
 * @param clip the gradient norm clipped to, above 0
 * @param warmup linear warm-up steps, at least 0 and below steps
 * @param evalEvery evaluate every this many steps during the edit; 0 never
 * @param mode {@code finetune} (train the selected weights) or {@code weight-mask} (learn a mask in [0, 1] over them,
 *     as the paper's weight-masking code, with SGD at {@code mask_lr}); {@link Mode#key()} is the config's word
 * @param maskPenalty beta, the full weight of the L1 penalty pulling the mask toward 1 (weight-mask mode), at least 0
 * @param maskRampStart the step (from 0) where the penalty's weight min(beta (step - start), beta) crosses 0: negative
 *     before, beta after (weight-mask mode; the paper's 15), at least 0
 * @param maskLr the mask's own SGD learning rate (weight-mask mode; the paper's 1e-3), above 0
 * @param microBatch prompts (and general lines) per forward and backward pass, at least 0: a step's batch goes
 *     through in passes of this size with its gradients summed, so it sets the activations' peak memory, not the
 *     results (0: the whole batch at once)
 */
public record EditSettings(Objective objective, int steps, int batch, double lr, double forgetCoef,
        double maintainCoef, double generalCoef, double weightDecay, double clip, int warmup, int evalEvery, Mode mode,
        double maskPenalty, int maskRampStart, double maskLr, int microBatch) {

    /** What the forget loss pushes toward. */
    public enum Objective {
        EDIT("edit"), UNLEARN("unlearn");

        private final String key;

        Objective(String key) {
            this.key = key;
        }

        /** The word in config files. */
        public String key() {
            return key;
        }

        static Objective of(String key) {
            return Stream.of(values()).filter(v -> v.key.equals(key)).findFirst().orElseThrow();
        }
    }

    /** What trains: the selected weights, or a mask over them. */
    public enum Mode {
        FINETUNE("finetune"), WEIGHT_MASK("weight-mask");

        private final String key;

        Mode(String key) {
            this.key = key;
        }

        /** The word in config files. */
        public String key() {
            return key;
        }

        static Mode of(String key) {
            return Stream.of(values()).filter(v -> v.key.equals(key)).findFirst().orElseThrow();
        }
    }

    /** The objectives' config words. */
    public static final List<String> OBJECTIVES = Stream.of(Objective.values()).map(Objective::key).toList();

    /** The modes' config words. */
    public static final List<String> MODES = Stream.of(Mode.values()).map(Mode::key).toList();

    public static final List<String> FIELDS = List.of("objective", "steps", "batch", "lr", "forget_coef", "maintain_coef",
            "general_coef", "weight_decay", "clip", "warmup", "eval_every", "mode", "mask_penalty", "mask_ramp_start",
            "mask_lr", "micro_batch");

    /** Every field at its default. */
    public static final EditSettings DEFAULTS = new EditSettings(Objective.EDIT, 50, 64, 1e-4, 1.0, 1.0, 1.0, 0.0, 1.0, 0,
            10, Mode.FINETUNE, WeightMasking.Mask.PAPER.beta(), WeightMasking.Mask.PAPER.rampStart(),
            WeightMasking.Mask.PAPER.lr(), 0);

    public EditSettings {
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(mode, "mode");
    }

    /**
     * These settings with the fields of override replaced (any subset of the "edit" fields); a bad override is a
     * LocusException naming the field ("edit override: lr: must be above 0, got 0").
     */
    public EditSettings merged(JsonNode override) {
        return read(JsonObject.at("edit override", "", override).known(FIELDS), this);
    }

    /** The object o, each absent field taken from base: the "edit" defaults, or "edit" itself for method_edit. */
    static EditSettings read(JsonObject o, EditSettings base) {
        int steps = o.whole("steps", base.steps, 1, Integer.MAX_VALUE);
        int warmup = o.whole("warmup", base.warmup, 0, Integer.MAX_VALUE);
        EditSettings s = new EditSettings(
                Objective.of(o.choice("objective", base.objective.key(), OBJECTIVES)),
                steps,
                o.whole("batch", base.batch, 1, Integer.MAX_VALUE),
                o.number("lr", base.lr, Bound.ABOVE_ZERO),
                o.number("forget_coef", base.forgetCoef, Bound.AT_LEAST_ZERO),
                o.number("maintain_coef", base.maintainCoef, Bound.AT_LEAST_ZERO),
                o.number("general_coef", base.generalCoef, Bound.AT_LEAST_ZERO),
                o.number("weight_decay", base.weightDecay, Bound.AT_LEAST_ZERO),
                o.number("clip", base.clip, Bound.ABOVE_ZERO),
                warmup,
                o.whole("eval_every", base.evalEvery, 0, Integer.MAX_VALUE),
                Mode.of(o.choice("mode", base.mode.key(), MODES)),
                o.number("mask_penalty", base.maskPenalty, Bound.AT_LEAST_ZERO),
                o.whole("mask_ramp_start", base.maskRampStart, 0, Integer.MAX_VALUE),
                o.number("mask_lr", base.maskLr, Bound.ABOVE_ZERO),
                o.whole("micro_batch", base.microBatch, 0, Integer.MAX_VALUE));
        if (warmup >= steps) {
            String from = o.has("warmup") ? "" : " (the default)";
            throw o.error("warmup", "must be below steps (" + steps + "), got " + warmup + from);
        }
        return s;
    }

    /**
     * The edit package's settings with these fields: unlearning when the objective is, seed 0 (the runner picks the
     * seed).
     */
    public FineTuneSettings fineTune() {
        return FineTuneSettings.DEFAULTS.withUnlearn(objective == Objective.UNLEARN).withSteps(steps).withBatch(batch)
                .withLr(lr).withForgetCoef(forgetCoef).withMaintainCoef(maintainCoef).withGeneralCoef(generalCoef)
                .withWeightDecay(weightDecay).withClip(clip).withWarmup(warmup).withEvalEvery(evalEvery)
                .withMicroBatch(microBatch);
    }

    /** The weight mask's own settings (weight-mask mode): its penalty and learning rate. */
    public WeightMasking.Mask mask() {
        return new WeightMasking.Mask(maskPenalty, maskRampStart, maskLr);
    }

    ObjectNode toJson() {
        ObjectNode n = ConfigFiles.MAPPER.createObjectNode();
        n.put("objective", objective.key());
        n.put("steps", steps);
        n.put("batch", batch);
        n.put("lr", lr);
        n.put("forget_coef", forgetCoef);
        n.put("maintain_coef", maintainCoef);
        n.put("general_coef", generalCoef);
        n.put("weight_decay", weightDecay);
        n.put("clip", clip);
        n.put("warmup", warmup);
        n.put("eval_every", evalEvery);
        n.put("mode", mode.key());
        n.put("mask_penalty", maskPenalty);
        n.put("mask_ramp_start", maskRampStart);
        n.put("mask_lr", maskLr);
        n.put("micro_batch", microBatch);
        return n;
    }
}
