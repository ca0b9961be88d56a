package dev.locus.model.arch;

import static dev.locus.model.config.ParamNames.*;
import static java.lang.Integer.MAX_VALUE;

import dev.locus.core.JsonObject;
import dev.locus.core.JsonObject.Bound;
import dev.locus.model.config.ModelConfig;
import dev.locus.model.config.ParamSpec;
import dev.locus.model.config.ParamSpec.RowOrder;
import dev.locus.model.config.ParamSpec.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * GPT-NeoX and Pythia (Black et al., 2022; Biderman et al., 2023): LayerNorm with bias, one fused
 * {@code query_key_value} whose rows hold each head's q, k and v together, rotary embeddings on the first
 * {@code rotary_pct} of each head, a parallel residual (x + attn(ln1(x)) + mlp(ln2(x))) when
 * {@code use_parallel_residual}, exact GELU and an untied {@code embed_out}. The attention buffers older saves
 * carry ({@code attention.bias}, {@code attention.masked_bias}, {@code attention.rotary_emb.inv_freq}) are
 * not parameters and are left unread.
 */
final class GptNeoxAdapter implements ArchitectureAdapter {

    @Override
    public String architecture() {
        return "GPTNeoXForCausalLM";
    }

    @Override
    public String modelType() {
        return "gpt_neox";
    }

    @Override
    public ModelConfig config(JsonObject j) {
        int d = j.whole("hidden_size", 1, MAX_VALUE);
        int heads = j.whole("num_attention_heads", 1, MAX_VALUE);
        if (d % heads != 0) {
            throw j.error("num_attention_heads", "must divide hidden_size (" + d + "), got " + heads);
        }
        int headDim = d / heads;
        // transformers 4.x writes rotary_pct and rotary_emb_base; 5.x folds them into rope_parameters.
        JsonObject rope = j.objectOrNull("rope_parameters");
        JsonObject pctAt = rope != null && rope.has("partial_rotary_factor") ? rope : j;
        String pctField = pctAt == j ? "rotary_pct" : "partial_rotary_factor";
        double pct = pctAt.number(pctField, 0.25, Bound.UNIT);
        int rotary = (int) (headDim * pct);    // Python's int(): truncated, as GPTNeoXAttention computes it
        if (rotary == 0 || rotary % 2 != 0) {
            throw pctAt.error(pctField, "must turn an even, non-zero number of each head's " + headDim
                    + " dimensions, got " + pct + " (" + rotary + " dimensions)");
        }
        double theta = rope != null && rope.has("rope_theta") ? rope.number("rope_theta", Bound.ABOVE_ZERO)
                : j.number("rotary_emb_base", 10000, Bound.ABOVE_ZERO);
        return ModelConfig.builder()
                .architecture(architecture())
                .nLayers(j.whole("num_hidden_layers", 1, MAX_VALUE))
                .dModel(d)
                .nHeads(heads)
                .dMlp(j.whole("intermediate_size", 1, MAX_VALUE))
                .vocabSize(j.whole("vocab_size", 1, MAX_VALUE))
                .maxPositions(j.whole("max_position_embeddings", 2048, 1, MAX_VALUE))
                .norm(ModelConfig.NormKind.LAYER_NORM)
                .normEps(j.number("layer_norm_eps", 1e-5, Bound.ABOVE_ZERO))
                .positional(ModelConfig.Positional.ROTARY)
                .ropeTheta(theta)
                .ropeScaling(ropeScaling(j, rope))
                .rotaryDim(rotary)
                .gatedMlp(false)
                .activation(LlamaFamily.activation(j, "hidden_act", "gelu"))
                .tiedEmbeddings(j.flag("tie_word_embeddings", false))
                .attnBias(j.flag("attention_bias", true))
                .mlpBias(true)
                .parallelResidual(j.flag("use_parallel_residual", true))
                .build();
    }

    @Override
    public List<ParamSpec> params(ModelConfig c, Predicate<String> inCheckpoint) {
        long d = c.dModel();
        long mlp = c.dMlp();
        // Rows of query_key_value are [head, (q, k, v), d_head]; Locus wants all q heads, then k, then v.
        RowOrder qkvOrder = RowOrder.partsMajor(c.nHeads(), 3, c.dHead());
        List<ParamSpec> specs = new ArrayList<>();
        specs.add(ParamSpec.direct(EMBED, "gpt_neox.embed_in.weight", c.vocabSize(), d));
        for (int l = 0; l < c.nLayers(); l++) {
            String h = "gpt_neox.layers." + l + ".";
            String a = h + "attention.";
            specs.add(ParamSpec.direct(ln1W(l), h + "input_layernorm.weight", d));
            specs.add(ParamSpec.direct(ln1B(l), h + "input_layernorm.bias", d));
            specs.add(new ParamSpec(wQkv(l), List.of(new Source(a + "query_key_value.weight", new long[] {3 * d, d},
                    qkvOrder)), true));
            specs.add(new ParamSpec(wO(l), List.of(new Source(a + "dense.weight", new long[] {d, d})), true));
            if (c.attnBias()) {
                specs.add(new ParamSpec(bQkv(l), List.of(new Source(a + "query_key_value.bias", new long[] {3 * d},
                        qkvOrder)), false));
                specs.add(ParamSpec.direct(bO(l), a + "dense.bias", d));
            }
            specs.add(ParamSpec.direct(ln2W(l), h + "post_attention_layernorm.weight", d));
            specs.add(ParamSpec.direct(ln2B(l), h + "post_attention_layernorm.bias", d));
            String m = h + "mlp.";
            specs.add(new ParamSpec(wIn(l), List.of(new Source(m + "dense_h_to_4h.weight", new long[] {mlp, d})), true));
            specs.add(ParamSpec.direct(bIn(l), m + "dense_h_to_4h.bias", mlp));
            specs.add(new ParamSpec(wOut(l), List.of(new Source(m + "dense_4h_to_h.weight", new long[] {d, mlp})), true));
            specs.add(ParamSpec.direct(bOut(l), m + "dense_4h_to_h.bias", d));
        }
        specs.add(ParamSpec.direct(LN_FINAL_W, "gpt_neox.final_layer_norm.weight", d));
        specs.add(ParamSpec.direct(LN_FINAL_B, "gpt_neox.final_layer_norm.bias", d));
        if (!c.tiedEmbeddings()) {
            specs.add(ParamSpec.direct(UNEMBED, "embed_out.weight", c.vocabSize(), d));
        }
        return specs;
    }

    /** None, or linear scaling; the dynamic NTK scaling transformers also offers for NeoX is refused. */
    private static ModelConfig.RopeScaling ropeScaling(JsonObject j, JsonObject ropeParameters) {
        JsonObject s = ropeParameters != null ? ropeParameters : j.objectOrNull("rope_scaling");
        if (s == null) {
            return null;
        }
        String field = s.has("rope_type") ? "rope_type" : "type";
        String type = s.text(field, "default");
        if ("default".equals(type)) {
            return null;
        }
        if ("linear".equals(type)) {
            return new ModelConfig.RopeScaling("linear", s.number("factor", Bound.ABOVE_ZERO), 0, 0, 0);
        }
        throw s.error(field, "must be linear (or default) for GPT-NeoX in Locus, got "
                + JsonObject.describe(s.get(field)));
    }
}
