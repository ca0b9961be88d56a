package dev.locus.experiment.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.core.JsonObject;
import dev.locus.core.JsonObject.Bound;
import java.util.List;
import java.util.Objects;

/**
 * The relearning attack after each edit: the config's {@code "relearn"} object.
 *
 * @param mode {@code lora} (low-rank adapters on the edited model) or {@code full} (every weight)
 * @param rank LoRA rank, at least 1
 * @param alpha LoRA scale numerator (the update is scaled by alpha / rank), above 0
 * @param lr learning rate, above 0
 * @param steps optimizer steps, at least 1
 * @param evalEvery evaluate every this many steps, at least 1
 * @param batch prompts per step, at least 1
 * @param formats the prompt formats the attack trains on; not empty
 */
public record RelearnSettings(boolean enabled, String mode, int rank, double alpha, double lr, int steps,
        int evalEvery, int batch, List<String> formats) {

    /** The modes. */
    public static final List<String> MODES = List.of("lora", "full");

    static final List<String> FIELDS = List.of("enabled", "mode", "rank", "alpha", "lr", "steps", "eval_every",
            "batch", "formats");

    /** Every field at its default. */
    public static final RelearnSettings DEFAULTS = new RelearnSettings(true, "lora", 16, 32, 2e-4, 20, 10, 32,
            List.of("standard", "mcq"));

    public RelearnSettings {
        Objects.requireNonNull(mode, "mode");
        formats = List.copyOf(formats);
    }

    static RelearnSettings read(JsonObject o) {
        return new RelearnSettings(o.flag("enabled", DEFAULTS.enabled), o.choice("mode", DEFAULTS.mode, MODES),
                o.whole("rank", DEFAULTS.rank, 1, Integer.MAX_VALUE), o.number("alpha", DEFAULTS.alpha, Bound.ABOVE_ZERO),
                o.number("lr", DEFAULTS.lr, Bound.ABOVE_ZERO), o.whole("steps", DEFAULTS.steps, 1, Integer.MAX_VALUE),
                o.whole("eval_every", DEFAULTS.evalEvery, 1, Integer.MAX_VALUE),
                o.whole("batch", DEFAULTS.batch, 1, Integer.MAX_VALUE), o.names("formats", DEFAULTS.formats, true));
    }

    ObjectNode toJson() {
        ObjectNode n = ConfigFiles.MAPPER.createObjectNode();
        n.put("enabled", enabled);
        n.put("mode", mode);
        n.put("rank", rank);
        n.put("alpha", alpha);
        n.put("lr", lr);
        n.put("steps", steps);
        n.put("eval_every", evalEvery);
        n.put("batch", batch);
        formats.forEach(n.putArray("formats")::add);
        return n;
    }
}
