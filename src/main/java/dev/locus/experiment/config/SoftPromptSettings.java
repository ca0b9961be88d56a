package dev.locus.experiment.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.core.JsonObject;
import dev.locus.core.JsonObject.Bound;
import dev.locus.edit.SoftPromptAttack;
import java.util.List;

/**
 * The soft-prompt attack after each edit (src/docs/paper.md §5): the config's {@code "soft_prompt"} object. Off by
 * default; the defaults are the paper's (4 prompts, epsilon 6.0, lr 1e-5, 128 steps of batch 16; 10 virtual tokens,
 * the length of the authors' library's earlier soft-prompt adversary, since the paper does not state one).
 *
 * @param prompts independent prompts per edited model, each with its own seed, at least 1
 * @param tokens virtual tokens per prompt, at least 1
 * @param epsilon bound on each virtual token's L2 norm, in the model's embedding-table units, above 0
 * @param lr AdamW learning rate, above 0
 * @param steps optimizer steps per prompt, at least 1
 * @param batch prompts per step, at least 1
 * @param formats the formats the attacked model is scored in; empty means the edit format
 * @param microBatch prompts per forward and backward pass (gradient accumulation), at least 0; 0: the whole batch
 */
public record SoftPromptSettings(boolean enabled, int prompts, int tokens, double epsilon, double lr, int steps,
        int batch, List<String> formats, int microBatch) {

    static final List<String> FIELDS = List.of("enabled", "prompts", "tokens", "epsilon", "lr", "steps", "batch",
            "formats", "micro_batch");

    /** Every field at its default. */
    public static final SoftPromptSettings DEFAULTS = new SoftPromptSettings(false, 4, 10, 6.0, 1e-5, 128, 16, List.of(), 0);

    public SoftPromptSettings {
        formats = List.copyOf(formats);
    }

    static SoftPromptSettings read(JsonObject o) {
        return new SoftPromptSettings(o.flag("enabled", DEFAULTS.enabled),
                o.whole("prompts", DEFAULTS.prompts, 1, 1000), o.whole("tokens", DEFAULTS.tokens, 1, 1000),
                o.number("epsilon", DEFAULTS.epsilon, Bound.ABOVE_ZERO), o.number("lr", DEFAULTS.lr, Bound.ABOVE_ZERO),
                o.whole("steps", DEFAULTS.steps, 1, Integer.MAX_VALUE), o.whole("batch", DEFAULTS.batch, 1, Integer.MAX_VALUE),
                o.names("formats", DEFAULTS.formats, false),
                o.whole("micro_batch", DEFAULTS.microBatch, 0, Integer.MAX_VALUE));
    }

    /**
     * Prompt {@code index} (from 0) of a run with {@code seed}: its own seed, so that prompts differ from each other
     * and a run repeats.
     */
    public SoftPromptAttack.Settings attack(long seed, int index) {
        return new SoftPromptAttack.Settings(tokens, epsilon, lr, steps, batch, seed * 1_000 + index, microBatch);
    }

    ObjectNode toJson() {
        ObjectNode n = ConfigFiles.MAPPER.createObjectNode();
        n.put("enabled", enabled);
        n.put("prompts", prompts);
        n.put("tokens", tokens);
        n.put("epsilon", epsilon);
        n.put("lr", lr);
        n.put("steps", steps);
        n.put("batch", batch);
        formats.forEach(n.putArray("formats")::add);
        n.put("micro_batch", microBatch);
        return n;
    }
}
