package dev.locus.model.arch;

import static java.lang.Integer.MAX_VALUE;

import dev.locus.core.JsonObject;
import dev.locus.core.JsonObject.Bound;
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
    public ModelConfig config(JsonObject j) {
        return GemmaAdapter.gemmaBase(j, architecture())
                .attnScale(1.0 / Math.sqrt(j.number("query_pre_attn_scalar", 256, Bound.ABOVE_ZERO)))
                .attnSoftcap(j.number("attn_logit_softcapping", 0, Bound.ABOVE_ZERO))
                .finalSoftcap(j.number("final_logit_softcapping", 0, Bound.ABOVE_ZERO))
                .slidingWindow(j.whole("sliding_window", 4096, 1, MAX_VALUE))
                .sandwichNorms(true)
                .build();
    }

    @Override
    public List<ParamSpec> params(ModelConfig config, Predicate<String> inCheckpoint) {
        return LlamaFamily.params(config, true);
    }
}
