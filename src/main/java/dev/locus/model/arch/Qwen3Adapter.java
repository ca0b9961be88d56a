package dev.locus.model.arch;

import dev.locus.core.JsonObject;
import dev.locus.model.config.ModelConfig;
import dev.locus.model.config.ParamSpec;
import java.util.List;
import java.util.function.Predicate;

/**
 * Qwen3 (Qwen Team, 2025): Llama's layout with an RMSNorm of width head_dim on each head's q and k before the
 * rotary embedding, an explicit head_dim (128 when absent, as Qwen3Config), no biases unless
 * {@code attention_bias}, and Qwen2's sliding-window rule.
 */
final class Qwen3Adapter implements ArchitectureAdapter {

    @Override
    public String architecture() {
        return "Qwen3ForCausalLM";
    }

    @Override
    public String modelType() {
        return "qwen3";
    }

    @Override
    public ModelConfig config(JsonObject j) {
        ModelConfig.Builder b = LlamaFamily.baseConfig(j, architecture(), 128)
                .activation(LlamaFamily.activation(j, "hidden_act", "silu"))
                .tiedEmbeddings(j.flag("tie_word_embeddings", false))
                .ropeScaling(LlamaAdapter.ropeScaling(j))
                .qkNorm(ModelConfig.QkNorm.PER_HEAD)
                .mlpBias(false);
        return LlamaFamily.qwenSliding(b, j).build();
    }

    @Override
    public List<ParamSpec> params(ModelConfig config, Predicate<String> inCheckpoint) {
        return LlamaFamily.params(config, false);
    }
}
