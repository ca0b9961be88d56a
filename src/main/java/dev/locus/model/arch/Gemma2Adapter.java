package dev.locus.model.arch;

import dev.locus.model.config.ConfigJson;
import dev.locus.model.config.ModelConfig;
import dev.locus.model.config.ParamSpec;
import java.util.List;
import java.util.function.Predicate;

/**
 * Gemma 2 (Gemma Team, 2024): Gemma plus norms after attention and around the MLP, attention and final
 * logit soft-capping, attention scaled by query_pre_attn_scalar, and a sliding window on even layers.
 */
final class Gemma2Adapter implements ArchitectureAdapter {

    @Override
    public String architecture() {
        return "Gemma2ForCausalLM";
    }

    @Override
    public String modelType() {
        return "gemma2";
    }

    @Override
    public ModelConfig config(ConfigJson j) {
        return GemmaAdapter.gemmaBase(j, architecture())
                .attnScale(1.0 / Math.sqrt(j.positiveDouble("query_pre_attn_scalar", 256)))
                .attnSoftcap(j.positiveDouble("attn_logit_softcapping", 0))
                .finalSoftcap(j.positiveDouble("final_logit_softcapping", 0))
                .slidingWindow(j.positiveInt("sliding_window", 4096))
                .sandwichNorms(true)
                .build();
    }

    @Override
    public List<ParamSpec> params(ModelConfig config, Predicate<String> inCheckpoint) {
        return LlamaFamily.params(config, true);
    }
}
