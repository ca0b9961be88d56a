package dev.locus.model.arch;

import dev.locus.core.JsonObject;
import dev.locus.model.config.ModelConfig;
import dev.locus.model.config.ParamSpec;
import java.util.List;
import java.util.function.Predicate;

/**
 * Qwen2 and Qwen2.5 (Qwen Team, 2024): Llama's layout with biases on the q, k and v projections (not on o), a
 * head tied on the small sizes, and a sliding window only when {@code use_sliding_window} is set.
 */
final class Qwen2Adapter implements ArchitectureAdapter {

    @Override
    public String architecture() {
        return "Qwen2ForCausalLM";
    }

    @Override
    public String modelType() {
        return "qwen2";
    }

    @Override
    public ModelConfig config(JsonObject j) {
        ModelConfig.Builder b = LlamaFamily.baseConfig(j, architecture(), 0)
                .activation(LlamaFamily.activation(j, "hidden_act", "silu"))
                .tiedEmbeddings(j.flag("tie_word_embeddings", false))
                .ropeScaling(LlamaAdapter.ropeScaling(j))
                .attnBias(true)
                .attnOutBias(false)
                .mlpBias(false);
        return LlamaFamily.qwenSliding(b, j).build();
    }

    @Override
    public List<ParamSpec> params(ModelConfig config, Predicate<String> inCheckpoint) {
        return LlamaFamily.params(config, false);
    }
}
