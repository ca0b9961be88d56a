package dev.locus.model.arch;

import static java.lang.Integer.MAX_VALUE;

import dev.locus.core.JsonObject;
import dev.locus.core.JsonObject.Bound;
import dev.locus.model.config.ModelConfig;
import dev.locus.model.config.ParamSpec;
import java.util.List;
import java.util.function.Predicate;

/**
 * Llama 2 and 3 (Touvron et al., 2023; Meta, 2024): RMSNorm, rotary embeddings (with optional Llama 3.1
 * frequency scaling), grouped-query attention, SiLU-gated MLP, tied or untied head.
 */
final class LlamaAdapter implements ArchitectureAdapter {

    @Override
    public String architecture() {
        return "LlamaForCausalLM";
    }

    @Override
    public String modelType() {
        return "llama";
    }

    @Override
    public ModelConfig config(JsonObject j) {
        return LlamaFamily.baseConfig(j, architecture(), 0)
                .activation(LlamaFamily.activation(j, "hidden_act", "silu"))
                .tiedEmbeddings(j.flag("tie_word_embeddings", false))
                .ropeScaling(ropeScaling(j))
                .build();
    }

    @Override
    public List<ParamSpec> params(ModelConfig config, Predicate<String> inCheckpoint) {
        return LlamaFamily.params(config, false);
    }

    /**
     * {@code rope_scaling}, or the {@code rope_parameters} newer transformers write in its place; null when absent
     * or "default". Kinds Locus does not implement (yarn, dynamic, longrope) are refused, naming the field.
     */
    static ModelConfig.RopeScaling ropeScaling(JsonObject j) {
        JsonObject s = j.objectOrNull("rope_scaling");
        if (s == null) {
            s = j.objectOrNull("rope_parameters");
        }
        if (s == null) {
            return null;
        }
        String type = s.text("rope_type", s.text("type", null));
        if ("default".equals(type)) {
            return null;
        }
        double factor = s.number("factor", 1, Bound.ABOVE_ZERO);
        if ("linear".equals(type)) {
            return new ModelConfig.RopeScaling("linear", factor, 0, 0, 0);
        }
        if ("llama3".equals(type)) {
            double low = s.number("low_freq_factor", 1, Bound.ABOVE_ZERO);
            double high = s.number("high_freq_factor", 4, Bound.ABOVE_ZERO);
            if (high <= low) {
                throw s.error("high_freq_factor", "must be above low_freq_factor (" + low + "), got " + high);
            }
            return new ModelConfig.RopeScaling("llama3", factor, low, high,
                    s.whole("original_max_position_embeddings", 8192, 1, MAX_VALUE));
        }
        String field = s.has("rope_type") ? "rope_type" : "type";
        throw s.error(field, type == null ? "is missing; Locus supports linear and llama3"
                : "must be one of linear, llama3 (or default), got " + JsonObject.describe(s.get(field)));
    }
}
