package dev.locus.model.arch;

import static java.lang.Integer.MAX_VALUE;

import dev.locus.core.JsonObject;
import dev.locus.model.config.ModelConfig;
import dev.locus.model.config.ParamSpec;
import java.util.List;
import java.util.function.Predicate;

/**
 * Mistral (Jiang et al., 2023): Llama's layout without biases; {@code sliding_window}, when set (null: off),
 * limits every layer's attention to the last {@code sliding_window} positions, Gemma 2's window rule.
 */
final class MistralAdapter implements ArchitectureAdapter {

    @Override
    public String architecture() {
        return "MistralForCausalLM";
    }

    @Override
    public String modelType() {
        return "mistral";
    }

    @Override
    public ModelConfig config(JsonObject j) {
        int window = j.whole("sliding_window", 0, 1, MAX_VALUE);
        return LlamaFamily.baseConfig(j, architecture(), 0)
                .activation(LlamaFamily.activation(j, "hidden_act", "silu"))
                .tiedEmbeddings(j.flag("tie_word_embeddings", false))
                .ropeScaling(LlamaAdapter.ropeScaling(j))
                .attnBias(false)
                .mlpBias(false)
                .slidingWindow(window)
                .slidingLayers(ModelConfig.allLayers(j.whole("num_hidden_layers", 1, MAX_VALUE)))
                .build();
    }

    @Override
    public List<ParamSpec> params(ModelConfig config, Predicate<String> inCheckpoint) {
        return LlamaFamily.params(config, false);
    }
}
