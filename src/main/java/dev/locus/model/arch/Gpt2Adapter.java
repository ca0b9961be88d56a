package dev.locus.model.arch;

import static dev.locus.model.config.ParamNames.*;

import dev.locus.model.config.ConfigJson;
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
    public ModelConfig config(ConfigJson j) {
        int d = j.positiveInt("n_embd");
        int heads = j.positiveInt("n_head");
        if (d % heads != 0) {
            throw j.error("n_head", "(" + heads + ") must divide n_embd (" + d + ")");
        }
        if (j.bool("scale_attn_by_inverse_layer_idx", false)) {
            throw j.error("scale_attn_by_inverse_layer_idx", "is true, which Locus does not support");
        }
        String act = j.text("activation_function", "gelu_new");
        ModelConfig.Activation activation = ModelConfig.Activation.fromHf(act);
        if (activation == null) {
            throw j.error("activation_function", "'" + act + "' is not supported (gelu_new, gelu, relu, silu)");
        }
        return ModelConfig.builder()
                .architecture(architecture())
                .nLayers(j.positiveInt("n_layer"))
                .dModel(d)
                .nHeads(heads)
                .dMlp(j.positiveInt("n_inner", 4 * d))
                .vocabSize(j.positiveInt("vocab_size"))
                .maxPositions(j.positiveInt("n_positions", j.positiveInt("n_ctx", 1024)))
                .norm(ModelConfig.NormKind.LAYER_NORM)
                .normEps(j.positiveDouble("layer_norm_epsilon", 1e-5))
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
