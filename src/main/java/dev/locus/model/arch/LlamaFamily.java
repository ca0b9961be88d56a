package dev.locus.model.arch;

import static dev.locus.model.config.ParamNames.*;
import static java.lang.Integer.MAX_VALUE;

import dev.locus.core.JsonObject;
import dev.locus.core.JsonObject.Bound;
import dev.locus.model.config.ModelConfig;
import dev.locus.model.config.ParamSpec.Source;
import dev.locus.model.config.ParamSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * What Llama, Gemma and Gemma 2 share: the config fields and the {@code model.layers.N.self_attn.q_proj}
 * naming, with nn.Linear weights stored {@code [out, in]}. Each adapter adds only what differs.
 */
final class LlamaFamily {
    private LlamaFamily() {
    }

    /** The fields every Llama-family config has, checked; the caller sets the rest. */
    static ModelConfig.Builder baseConfig(JsonObject j, String architecture, int defaultHeadDim) {
        int d = j.whole("hidden_size", 1, MAX_VALUE);
        int heads = j.whole("num_attention_heads", 1, MAX_VALUE);
        int kv = j.whole("num_key_value_heads", heads, 1, MAX_VALUE);
        if (heads % kv != 0) {
            throw j.error("num_key_value_heads", "must divide num_attention_heads (" + heads + "), got " + kv);
        }
        int headDim = j.whole("head_dim", defaultHeadDim > 0 ? defaultHeadDim : d / heads, 1, MAX_VALUE);
        if (!j.has("head_dim") && defaultHeadDim <= 0 && d % heads != 0) {
            throw j.error("num_attention_heads", "must divide hidden_size (" + d + "), got " + heads);
        }
        if (headDim % 2 != 0) {
            throw j.error("head_dim", "must be even for rotary embeddings, got " + headDim);
        }
        return ModelConfig.builder()
                .architecture(architecture)
                .nLayers(j.whole("num_hidden_layers", 1, MAX_VALUE))
                .dModel(d)
                .nHeads(heads)
                .nKvHeads(kv)
                .dHead(headDim)
                .dMlp(j.whole("intermediate_size", 1, MAX_VALUE))
                .vocabSize(j.whole("vocab_size", 1, MAX_VALUE))
                .maxPositions(j.whole("max_position_embeddings", 2048, 1, MAX_VALUE))
                .norm(ModelConfig.NormKind.RMS_NORM)
                .normEps(j.number("rms_norm_eps", 1e-6, Bound.ABOVE_ZERO))
                .positional(ModelConfig.Positional.ROTARY)
                .ropeTheta(ropeTheta(j))
                .gatedMlp(true)
                .attnBias(j.flag("attention_bias", false))
                .mlpBias(j.flag("mlp_bias", false));
    }

    /**
     * Qwen2's and Qwen3's sliding layers (configuration_qwen2.py): none unless {@code use_sliding_window}; then
     * the layers {@code layer_types} marks "sliding_attention" when it is given, else those with index
     * {@code >= max_window_layers}.
     */
    static List<Integer> qwenSlidingLayers(JsonObject j, int nLayers) {
        List<Integer> sliding = new ArrayList<>();
        if (!j.flag("use_sliding_window", false)) {
            return sliding;
        }
        List<String> types = j.texts("layer_types", null);
        if (types != null) {
            if (types.size() != nLayers) {
                throw j.error("layer_types", "must name one type for each of the " + nLayers + " layers, got "
                        + types.size());
            }
            for (int l = 0; l < nLayers; l++) {
                if (types.get(l).equals("sliding_attention")) {
                    sliding.add(l);
                } else if (!types.get(l).equals("full_attention")) {
                    throw j.error("layer_types", "entry " + l + " must be full_attention or sliding_attention, got \""
                            + types.get(l) + "\"");
                }
            }
            return sliding;
        }
        for (int l = j.whole("max_window_layers", 28, 0, MAX_VALUE); l < nLayers; l++) {
            sliding.add(l);
        }
        return sliding;
    }

    /** {@code rope_theta}, or {@code rope_parameters.rope_theta} where newer transformers save it. */
    private static double ropeTheta(JsonObject j) {
        JsonObject params = j.has("rope_theta") ? null : j.objectOrNull("rope_parameters");
        return params != null ? params.number("rope_theta", 10000, Bound.ABOVE_ZERO)
                : j.number("rope_theta", 10000, Bound.ABOVE_ZERO);
    }

    /**
     * The sliding window of Qwen2 and Qwen3: {@code sliding_window} on {@link #qwenSlidingLayers}, off unless
     * {@code use_sliding_window} (an absent or null {@code sliding_window} is off too).
     */
    static ModelConfig.Builder qwenSliding(ModelConfig.Builder b, JsonObject j) {
        List<Integer> layers = qwenSlidingLayers(j, j.whole("num_hidden_layers", 1, MAX_VALUE));
        int window = j.flag("use_sliding_window", false) ? j.whole("sliding_window", 0, 1, MAX_VALUE) : 0;
        return b.slidingWindow(layers.isEmpty() ? 0 : window).slidingLayers(layers);
    }

    /** The MLP activation from {@code field}, or {@code fallback} when absent. */
    static ModelConfig.Activation activation(JsonObject j, String field, String fallback) {
        String name = j.text(field, fallback);
        ModelConfig.Activation a = ModelConfig.Activation.fromHf(name);
        if (a == null) {
            throw j.error(field, "must be one Locus supports (silu, gelu, gelu_pytorch_tanh, relu), got "
                    + JsonObject.describe(j.get(field)));
        }
        return a;
    }

    /**
     * The internal parameters. {@code sandwich} selects Gemma 2's and OLMo-2's naming, where
     * {@code post_attention_layernorm} normalizes the attention output and {@code post_feedforward_layernorm} the
     * MLP's (Gemma 2 also has {@code pre_feedforward_layernorm}); elsewhere {@code post_attention_layernorm} is the
     * norm before the MLP. Biases, q/k norms and pre-norms follow the config.
     */
    static List<ParamSpec> params(ModelConfig c, boolean sandwich) {
        long d = c.dModel();
        long q = (long) c.nHeads() * c.dHead();
        long kv = (long) c.nKvHeads() * c.dHead();
        long mlp = c.dMlp();
        List<ParamSpec> specs = new ArrayList<>();
        specs.add(ParamSpec.direct(EMBED, "model.embed_tokens.weight", c.vocabSize(), d));
        for (int l = 0; l < c.nLayers(); l++) {
            String h = "model.layers." + l + ".";
            String a = h + "self_attn.";
            if (c.preNorms()) {
                specs.add(ParamSpec.direct(ln1W(l), h + "input_layernorm.weight", d));
            }
            specs.add(linear(wQkv(l), new Source(a + "q_proj.weight", new long[] {q, d}),
                    new Source(a + "k_proj.weight", new long[] {kv, d}),
                    new Source(a + "v_proj.weight", new long[] {kv, d})));
            specs.add(linear(wO(l), new Source(a + "o_proj.weight", new long[] {d, q})));
            if (c.attnBias()) {
                specs.add(new ParamSpec(bQkv(l), List.of(new Source(a + "q_proj.bias", new long[] {q}),
                        new Source(a + "k_proj.bias", new long[] {kv}),
                        new Source(a + "v_proj.bias", new long[] {kv})), false));
                if (c.attnOutBias()) {
                    specs.add(ParamSpec.direct(bO(l), a + "o_proj.bias", d));
                }
            }
            if (c.qkNorm() != ModelConfig.QkNorm.NONE) {
                boolean whole = c.qkNorm() == ModelConfig.QkNorm.WHOLE;
                specs.add(ParamSpec.direct(qNormW(l), a + "q_norm.weight", whole ? q : c.dHead()));
                specs.add(ParamSpec.direct(kNormW(l), a + "k_norm.weight", whole ? kv : c.dHead()));
            }
            if (sandwich) {
                // OLMo-2 (no pre-norms) has only the two norms after the sublayers.
                specs.add(ParamSpec.direct(ln1PostW(l), h + "post_attention_layernorm.weight", d));
                if (c.preNorms()) {
                    specs.add(ParamSpec.direct(ln2W(l), h + "pre_feedforward_layernorm.weight", d));
                }
                specs.add(ParamSpec.direct(ln2PostW(l), h + "post_feedforward_layernorm.weight", d));
            } else {
                specs.add(ParamSpec.direct(ln2W(l), h + "post_attention_layernorm.weight", d));
            }
            String m = h + "mlp.";
            specs.add(linear(wIn(l), new Source(m + "gate_proj.weight", new long[] {mlp, d}),
                    new Source(m + "up_proj.weight", new long[] {mlp, d})));
            specs.add(linear(wOut(l), new Source(m + "down_proj.weight", new long[] {d, mlp})));
            if (c.mlpBias()) {
                specs.add(new ParamSpec(bIn(l), List.of(new Source(m + "gate_proj.bias", new long[] {mlp}),
                        new Source(m + "up_proj.bias", new long[] {mlp})), false));
                specs.add(ParamSpec.direct(bOut(l), m + "down_proj.bias", d));
            }
        }
        specs.add(ParamSpec.direct(LN_FINAL_W, "model.norm.weight", d));
        if (!c.tiedEmbeddings()) {
            // Kept [vocab, d_model] like the embedding, so tied and untied heads share one code path.
            specs.add(ParamSpec.direct(UNEMBED, "lm_head.weight", c.vocabSize(), d));
        }
        return specs;
    }

    private static ParamSpec linear(String name, Source... sources) {
        return new ParamSpec(name, List.of(sources), true);
    }
}
