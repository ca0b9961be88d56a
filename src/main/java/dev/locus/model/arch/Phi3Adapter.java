package dev.locus.model.arch;

import static dev.locus.model.config.ParamNames.*;
import static java.lang.Integer.MAX_VALUE;

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
 * applies on every layer, as transformers' Phi3Model masks today. LongRoPE ({@code rope_scaling} type longrope,
 * su or yarn: Phi-3-*-128k, Phi-3.5) is refused.
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
        refuseRopeScaling(rope != null ? rope : j.objectOrNull("rope_scaling"));
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
        return b.normEps(j.number("rms_norm_eps", 1e-5, Bound.ABOVE_ZERO))
                .maxPositions(j.whole("max_position_embeddings", 4096, 1, MAX_VALUE))
                .rotaryDim(rotary == headDim ? 0 : rotary)
                .activation(LlamaFamily.activation(j, "hidden_act", "silu"))
                .tiedEmbeddings(j.flag("tie_word_embeddings", false))
                .attnBias(false)    // Phi3Attention and Phi3MLP have no biases, whatever else the config says
                .mlpBias(false)
                .slidingWindow(j.whole("sliding_window", 0, 1, MAX_VALUE))
                .slidingEveryLayer(true)
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

    /** Phi-3 knows only default rotary embeddings and LongRoPE; Locus runs the former. */
    private static void refuseRopeScaling(JsonObject s) {
        if (s == null) {
            return;
        }
        String field = s.has("rope_type") ? "rope_type" : "type";
        String type = s.text(field, "default");
        if ("default".equals(type)) {
            return;
        }
        if (List.of("longrope", "su", "yarn").contains(type)) {
            throw s.error(field, "is " + JsonObject.describe(s.get(field)) + ": LongRoPE scaling (Phi-3 128k, "
                    + "Phi-3.5) is not supported; Locus runs Phi-3 models without rope_scaling");
        }
        throw s.error(field, "must be default (or LongRoPE's longrope, which Locus does not support), got "
                + JsonObject.describe(s.get(field)));
    }
}
