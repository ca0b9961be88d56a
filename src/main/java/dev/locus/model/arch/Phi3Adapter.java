package dev.locus.model.arch;

import static dev.locus.model.config.ParamNames.*;
import static java.lang.Integer.MAX_VALUE;

import dev.locus.core.JsonArray;
import dev.locus.core.JsonObject;
import dev.locus.core.JsonObject.Bound;
import dev.locus.model.config.ModelConfig;
import dev.locus.model.config.ParamSpec;
import dev.locus.model.config.ParamSpec.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Phi-3 and Phi-3.5 (Abdin et al., 2024): Llama's blocks with q, k, v fused in one {@code qkv_proj} (rows q, then
 * k, then v) and gate, up fused in one {@code gate_up_proj} (rows gate, then up). Those are exactly the column
 * blocks of Locus's own fused W_QKV and W_in, so every per-head and per-matrix component slices them as it does
 * Llama's. Rotary embeddings may turn only {@code partial_rotary_factor} of each head; {@code sliding_window}
 * applies on every layer, as transformers' Phi3Model masks today; LongRoPE ({@code rope_scaling} type longrope:
 * Phi-3-*-128k, Phi-3.5, Phi-4-mini) scales the frequencies and cos/sin.
 */
final class Phi3Adapter implements ArchitectureAdapter {

    @Override
    public String architecture() {
        return "Phi3ForCausalLM";
    }

    @Override
    public String modelType() {
        return "phi3";
    }

    @Override
    public ModelConfig config(JsonObject j) {
        // transformers 5.x moves rope_theta and partial_rotary_factor into rope_parameters.
        JsonObject rope = j.objectOrNull("rope_parameters");
        ModelConfig.Builder b = LlamaFamily.baseConfig(j, architecture(), 0);
        int headDim = b.build().dHead();
        JsonObject pctAt = rope != null && rope.has("partial_rotary_factor") ? rope : j;
        double pct = pctAt.number("partial_rotary_factor", 1, Bound.UNIT);
        int rotary = (int) (headDim * pct);   // int(head_dim * partial_rotary_factor), as Phi3RotaryEmbedding
        if (rotary == 0 || rotary % 2 != 0) {
            throw pctAt.error("partial_rotary_factor", "must turn an even, non-zero number of each head's " + headDim
                    + " dimensions, got " + pct + " (" + rotary + " dimensions)");
        }
        if (rope != null && rope.has("rope_theta")) {
            b.ropeTheta(rope.number("rope_theta", Bound.ABOVE_ZERO));
        }
        int maxPositions = j.whole("max_position_embeddings", 4096, 1, MAX_VALUE);
        return b.normEps(j.number("rms_norm_eps", 1e-5, Bound.ABOVE_ZERO))
                .maxPositions(maxPositions)
                .ropeScaling(longRope(j, rope != null ? rope : j.objectOrNull("rope_scaling"), rotary, maxPositions))
                .rotaryDim(rotary == headDim ? 0 : rotary)
                .activation(LlamaFamily.activation(j, "hidden_act", "silu"))
                .tiedEmbeddings(j.flag("tie_word_embeddings", false))
                .attnBias(false)    // Phi3Attention and Phi3MLP have no biases, whatever else the config says
                .mlpBias(false)
                .slidingWindow(j.whole("sliding_window", 0, 1, MAX_VALUE))
                .slidingLayers(ModelConfig.allLayers(j.whole("num_hidden_layers", 1, MAX_VALUE)))
                .build();
    }

    @Override
    public List<ParamSpec> params(ModelConfig c, Predicate<String> inCheckpoint) {
        long d = c.dModel();
        long qkv = (long) (c.nHeads() + 2 * c.nKvHeads()) * c.dHead();
        long mlp = c.dMlp();
        List<ParamSpec> specs = new ArrayList<>();
        specs.add(ParamSpec.direct(EMBED, "model.embed_tokens.weight", c.vocabSize(), d));
        for (int l = 0; l < c.nLayers(); l++) {
            String h = "model.layers." + l + ".";
            specs.add(ParamSpec.direct(ln1W(l), h + "input_layernorm.weight", d));
            specs.add(linear(wQkv(l), h + "self_attn.qkv_proj.weight", qkv, d));
            specs.add(linear(wO(l), h + "self_attn.o_proj.weight", d, (long) c.nHeads() * c.dHead()));
            specs.add(ParamSpec.direct(ln2W(l), h + "post_attention_layernorm.weight", d));
            specs.add(linear(wIn(l), h + "mlp.gate_up_proj.weight", 2 * mlp, d));
            specs.add(linear(wOut(l), h + "mlp.down_proj.weight", d, mlp));
        }
        specs.add(ParamSpec.direct(LN_FINAL_W, "model.norm.weight", d));
        if (!c.tiedEmbeddings()) {
            specs.add(ParamSpec.direct(UNEMBED, "lm_head.weight", c.vocabSize(), d));
        }
        return specs;
    }

    private static ParamSpec linear(String name, String tensor, long out, long in) {
        return new ParamSpec(name, List.of(new Source(tensor, new long[] {out, in})), true);
    }

    /**
     * Phi-3 knows default rotary embeddings and LongRoPE (transformers' _compute_longrope_parameters, with su and
     * yarn read as longrope as Phi3Config does): frequency i divided by short_factor[i], or long_factor[i] past
     * original_max_position_embeddings; cos and sin times attention_factor, by default
     * sqrt(1 + ln(factor) / ln(original)) with factor = max_position_embeddings / original when not given.
     */
    private static ModelConfig.RopeScaling longRope(JsonObject j, JsonObject s, int rotary, int maxPositions) {
        if (s == null) {
            return null;
        }
        String field = s.has("rope_type") ? "rope_type" : "type";
        String type = s.text(field, "default");
        if ("default".equals(type)) {
            return null;
        }
        if (!List.of("longrope", "su", "yarn").contains(type)) {
            throw s.error(field, "must be default or longrope (su), got " + JsonObject.describe(s.get(field)));
        }
        JsonObject originalAt = s.has("original_max_position_embeddings") ? s : j;
        int original = originalAt.whole("original_max_position_embeddings", 4096, 1, MAX_VALUE);
        double factor = s.number("factor", (double) maxPositions / original, Bound.ABOVE_ZERO);
        double attention = s.number("attention_factor",
                factor <= 1 ? 1 : Math.sqrt(1 + Math.log(factor) / Math.log(original)), Bound.ABOVE_ZERO);
        return ModelConfig.RopeScaling.longRope(original, factors(s, "short_factor", rotary / 2),
                factors(s, "long_factor", rotary / 2), attention);
    }

    private static double[] factors(JsonObject s, String field, int count) {
        JsonArray a = s.array(field, "an array of " + count + " numbers above 0");
        if (a.size() != count) {
            throw a.error("must have " + count + " numbers (half the rotated head width), got " + a.size());
        }
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            var n = a.get(i);
            if (!n.isNumber() || !(n.doubleValue() > 0) || !Double.isFinite(n.doubleValue())) {
                throw a.error(i, "must be a number above 0, got " + JsonObject.describe(n));
            }
            out[i] = n.doubleValue();
        }
        return out;
    }
}
