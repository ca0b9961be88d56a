package dev.locus.model.arch;

import static dev.locus.model.config.ParamNames.*;
import static java.lang.Integer.MAX_VALUE;

import dev.locus.core.JsonObject;
import dev.locus.core.JsonObject.Bound;
import dev.locus.model.config.ModelConfig;
import dev.locus.model.config.ParamSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * GPT-2 (Radford et al., 2019): learned positions, LayerNorm with bias, fused c_attn, tanh GELU, tied head.
 * Its Conv1D weights are already {@code [in, out]}. Checkpoints come with the {@code transformer.} prefix
 * (saved from GPT2LMHeadModel) or without it (the original {@code gpt2} repository).
 */
final class Gpt2Adapter implements ArchitectureAdapter {

    @Override
    public String architecture() {
        return "GPT2LMHeadModel";
    }

    @Override
    public String modelType() {
        return "gpt2";
    }

    @Override
    public ModelConfig config(JsonObject j) {
        int d = j.whole("n_embd", 1, MAX_VALUE);
        int heads = j.whole("n_head", 1, MAX_VALUE);
        if (d % heads != 0) {
            throw j.error("n_head", "must divide n_embd (" + d + "), got " + heads);
        }
        if (j.flag("scale_attn_by_inverse_layer_idx", false)) {
            throw j.error("scale_attn_by_inverse_layer_idx", "must be false (Locus does not support it), got true");
        }
        String act = j.text("activation_function", "gelu_new");
        ModelConfig.Activation activation = ModelConfig.Activation.fromHf(act);
        if (activation == null) {
            throw j.error("activation_function", "must be one Locus supports (gelu_new, gelu, relu, silu), got "
                    + JsonObject.describe(j.get("activation_function")));
        }
        return ModelConfig.builder()
                .architecture(architecture())
                .nLayers(j.whole("n_layer", 1, MAX_VALUE))
                .dModel(d)
                .nHeads(heads)
                .dMlp(j.whole("n_inner", 4 * d, 1, MAX_VALUE))
                .vocabSize(j.whole("vocab_size", 1, MAX_VALUE))
                .maxPositions(j.whole("n_positions", j.whole("n_ctx", 1024, 1, MAX_VALUE), 1, MAX_VALUE))
                .norm(ModelConfig.NormKind.LAYER_NORM)
                .normEps(j.number("layer_norm_epsilon", 1e-5, Bound.ABOVE_ZERO))
                .positional(ModelConfig.Positional.LEARNED)
                .gatedMlp(false)
                .activation(activation)
                .tiedEmbeddings(true)
                .attnBias(true)
                .mlpBias(true)
                .build();
    }

    @Override
    public List<ParamSpec> params(ModelConfig c, Predicate<String> inCheckpoint) {
        String p = inCheckpoint.test("transformer.wte.weight") ? "transformer." : "";
        long d = c.dModel();
        long mlp = c.dMlp();
        List<ParamSpec> specs = new ArrayList<>();
        specs.add(ParamSpec.direct(EMBED, p + "wte.weight", c.vocabSize(), d));
        specs.add(ParamSpec.direct(POS_EMBED, p + "wpe.weight", c.maxPositions(), d));
        for (int l = 0; l < c.nLayers(); l++) {
            String h = p + "h." + l + ".";
            specs.add(ParamSpec.direct(ln1W(l), h + "ln_1.weight", d));
            specs.add(ParamSpec.direct(ln1B(l), h + "ln_1.bias", d));
            specs.add(ParamSpec.direct(wQkv(l), h + "attn.c_attn.weight", d, 3 * d));
            specs.add(ParamSpec.direct(bQkv(l), h + "attn.c_attn.bias", 3 * d));
            specs.add(ParamSpec.direct(wO(l), h + "attn.c_proj.weight", d, d));
            specs.add(ParamSpec.direct(bO(l), h + "attn.c_proj.bias", d));
            specs.add(ParamSpec.direct(ln2W(l), h + "ln_2.weight", d));
            specs.add(ParamSpec.direct(ln2B(l), h + "ln_2.bias", d));
            specs.add(ParamSpec.direct(wIn(l), h + "mlp.c_fc.weight", d, mlp));
            specs.add(ParamSpec.direct(bIn(l), h + "mlp.c_fc.bias", mlp));
            specs.add(ParamSpec.direct(wOut(l), h + "mlp.c_proj.weight", mlp, d));
            specs.add(ParamSpec.direct(bOut(l), h + "mlp.c_proj.bias", d));
        }
        specs.add(ParamSpec.direct(LN_FINAL_W, p + "ln_f.weight", d));
        specs.add(ParamSpec.direct(LN_FINAL_B, p + "ln_f.bias", d));
        return specs;
    }
}
