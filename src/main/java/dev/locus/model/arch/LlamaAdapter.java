package dev.locus.model.arch;

import dev.locus.model.config.ConfigJson;
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
    public ModelConfig config(ConfigJson j) {
        return LlamaFamily.baseConfig(j, architecture(), 0)
                .activation(LlamaFamily.activation(j, "hidden_act", "silu"))
                .tiedEmbeddings(j.bool("tie_word_embeddings", false))
                .ropeScaling(ropeScaling(j))
                .build();
    }

    @Override
    public List<ParamSpec> params(ModelConfig config, Predicate<String> inCheckpoint) {
        return LlamaFamily.params(config, false);
    }

    private static ModelConfig.RopeScaling ropeScaling(ConfigJson j) {
        ConfigJson s = j.object("rope_scaling");
        if (s == null) {
            return null;
        }
        String type = s.text("rope_type", s.text("type", null));
        if ("default".equals(type)) {
            return null;
        }
        double factor = s.positiveDouble("factor", 1);
        if ("linear".equals(type)) {
            return new ModelConfig.RopeScaling("linear", factor, 0, 0, 0);
        }
        if ("llama3".equals(type)) {
            double low = s.positiveDouble("low_freq_factor", 1);
            double high = s.positiveDouble("high_freq_factor", 4);
            if (high <= low) {
                throw j.error("rope_scaling", "needs high_freq_factor > low_freq_factor");
            }
            return new ModelConfig.RopeScaling("llama3", factor, low, high,
                    s.positiveInt("original_max_position_embeddings", 8192));
        }
        throw j.error("rope_scaling", "type '" + type + "' is not supported (linear, llama3)");
    }
}
