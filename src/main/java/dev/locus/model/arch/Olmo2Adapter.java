package dev.locus.model.arch;

import dev.locus.core.JsonObject;
import dev.locus.core.JsonObject.Bound;
import dev.locus.model.config.ModelConfig;
import dev.locus.model.config.ParamSpec;
import java.util.List;
import java.util.function.Predicate;

/**
 * OLMo 2 (OLMo Team, 2024): Llama's projections with an RMSNorm over the whole q projection and one over the
 * whole k projection (before the split into heads and the rotary embedding), no norms before the sublayers, and
 * {@code post_attention_layernorm} / {@code post_feedforward_layernorm} on each sublayer's output inside the
 * residual: x + norm(attn(x)), then x + norm(mlp(x)).
 */
final class Olmo2Adapter implements ArchitectureAdapter {

    @Override
    public String architecture() {
        return "Olmo2ForCausalLM";
    }

    @Override
    public String modelType() {
        return "olmo2";
    }

    @Override
    public ModelConfig config(JsonObject j) {
        return LlamaFamily.baseConfig(j, architecture(), 0)
                .normEps(j.number("rms_norm_eps", 1e-5, Bound.ABOVE_ZERO))
                .activation(LlamaFamily.activation(j, "hidden_act", "silu"))
                .tiedEmbeddings(j.flag("tie_word_embeddings", false))
                .ropeScaling(LlamaAdapter.ropeScaling(j))
                .qkNorm(ModelConfig.QkNorm.WHOLE)
                .preNorms(false)
                .sandwichNorms(true)
                .mlpBias(false)
                .build();
    }

    @Override
    public List<ParamSpec> params(ModelConfig config, Predicate<String> inCheckpoint) {
        return LlamaFamily.params(config, true);
    }
}
