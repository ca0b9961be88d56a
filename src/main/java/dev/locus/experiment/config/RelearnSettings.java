package dev.locus.experiment.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.core.JsonObject.Bound;
import dev.locus.core.JsonObject;
import dev.locus.edit.RelearningAttack;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The relearning attack after each edit: the config's {@code "relearn"} object.
 *
 * @param mode {@code lora} (low-rank adapters on the edited model) or {@code full} (every weight); the config's word is
 *     the name in lower case
 * @param rank LoRA rank, at least 1
 * @param alpha LoRA scale numerator (the update is scaled by alpha / rank), above 0
 * @param lr learning rate, above 0
 * @param steps optimizer steps, at least 1
 * @param evalEvery evaluate every this many steps, at least 1
 * @param batch prompts per step, at least 1
 * @param formats the prompt formats the attack trains on; not empty
 * @param dropout LoRA dropout on the adapters' inputs while training, at least 0 and below 1 (the paper's 0.05)
 * @param clip the gradient norm clipped to; 0 for none (the paper's)
 * @param microBatch prompts per forward and backward pass (gradient accumulation), at least 0; 0: the whole batch
 */
public record RelearnSettings(boolean enabled, RelearningAttack.Mode mode, int rank, double alpha, double lr, int steps,
        int evalEvery, int batch, List<String> formats, double dropout, double clip, int microBatch) {

    /** The modes' config words. */
    public static final List<String> MODES = Stream.of(RelearningAttack.Mode.values()).map(RelearnSettings::key).toList();

    static final List<String> FIELDS = List.of("enabled", "mode", "rank", "alpha", "lr", "steps", "eval_every",
            "batch", "formats", "dropout", "clip", "micro_batch");

    /** Every field at its default. */
    public static final RelearnSettings DEFAULTS = new RelearnSettings(true, RelearningAttack.Mode.LORA, 16, 32, 2e-4, 20, 10, 32,
            List.of("standard", "mcq"), RelearningAttack.Settings.DEFAULTS.dropout(),
            RelearningAttack.Settings.DEFAULTS.clip(), 0);

    public RelearnSettings {
        Objects.requireNonNull(mode, "mode");
        formats = List.copyOf(formats);
    }

    static RelearnSettings read(JsonObject o) {
        return new RelearnSettings(o.flag("enabled", DEFAULTS.enabled), mode(o.choice("mode", key(DEFAULTS.mode), MODES)),
                o.whole("rank", DEFAULTS.rank, 1, Integer.MAX_VALUE), o.number("alpha", DEFAULTS.alpha, Bound.ABOVE_ZERO),
                o.number("lr", DEFAULTS.lr, Bound.ABOVE_ZERO), o.whole("steps", DEFAULTS.steps, 1, Integer.MAX_VALUE),
                o.whole("eval_every", DEFAULTS.evalEvery, 1, Integer.MAX_VALUE),
                o.whole("batch", DEFAULTS.batch, 1, Integer.MAX_VALUE), o.names("formats", DEFAULTS.formats, true),
                dropout(o), o.number("clip", DEFAULTS.clip, Bound.AT_LEAST_ZERO),
                o.whole("micro_batch", DEFAULTS.microBatch, 0, Integer.MAX_VALUE));
    }

    private static double dropout(JsonObject o) {
        double v = o.number("dropout", DEFAULTS.dropout, Bound.AT_LEAST_ZERO);
        if (v >= 1) {
            throw o.error("dropout", "must be below 1, got " + JsonObject.describe(o.get("dropout")));
        }
        return v;
    }

    /** The attack these settings describe, drawing its batches and adapters with {@code seed}. */
    public RelearningAttack.Settings attack(long seed) {
        return RelearningAttack.Settings.DEFAULTS.withMode(mode).withRank(rank).withAlpha(alpha).withLr(lr)
                .withSteps(steps).withEvalEvery(evalEvery).withBatch(batch).withSeed(seed).withDropout(dropout)
                .withClip(clip).withMicroBatch(microBatch);
    }

    private static String key(RelearningAttack.Mode mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }

    private static RelearningAttack.Mode mode(String key) {
        return RelearningAttack.Mode.valueOf(key.toUpperCase(Locale.ROOT));
    }

    ObjectNode toJson() {
        ObjectNode n = ConfigFiles.MAPPER.createObjectNode();
        n.put("enabled", enabled);
        n.put("mode", key(mode));
        n.put("rank", rank);
        n.put("alpha", alpha);
        n.put("lr", lr);
        n.put("steps", steps);
        n.put("eval_every", evalEvery);
        n.put("batch", batch);
        formats.forEach(n.putArray("formats")::add);
        n.put("dropout", dropout);
        n.put("clip", clip);
        n.put("micro_batch", microBatch);
        return n;
    }
}
