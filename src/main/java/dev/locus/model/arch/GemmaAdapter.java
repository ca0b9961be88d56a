package dev.locus.model.arch;

import dev.locus.core.JsonObject;
import dev.locus.model.config.ModelConfig;
import dev.locus.model.config.ParamSpec;
import java.util.List;
import java.util.function.Predicate;

/**
 * Gemma (Gemma Team, 2024): Llama's layout with embeddings scaled by sqrt(d_model), (1 + w) RMSNorm, an
 * explicit head_dim, a tanh-GELU gate and a tied head.
 */
final class GemmaAdapter implements ArchitectureAdapter {

    @Override
    public String architecture() {
        return "GemmaForCausalLM";
    }

    @Override
    public String modelType() {
        return "gemma";
    }

    @Override
    public ModelConfig config(JsonObject j) {
        return gemmaBase(j, architecture()).build();
    }

    /** What Gemma 2 inherits from Gemma. */
    static ModelConfig.Builder gemmaBase(JsonObject j, String architecture) {
        // transformers runs Gemma with the tanh GELU whatever "hidden_act" says, unless hidden_activation is set.
        String act = j.has("hidden_activation") ? "hidden_activation" : null;
        return LlamaFamily.baseConfig(j, architecture, 256)
                .normPlusOne(true)
                .scaleEmbeddings(true)
                .tiedEmbeddings(true)
                .activation(act == null ? ModelConfig.Activation.GELU_TANH
                        : LlamaFamily.activation(j, act, "gelu_pytorch_tanh"));
    }

    @Override
    public List<ParamSpec> params(ModelConfig config, Predicate<String> inCheckpoint) {
        return LlamaFamily.params(config, false);
    }
}
