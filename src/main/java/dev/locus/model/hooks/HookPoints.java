package dev.locus.model.hooks;

import dev.locus.model.config.ModelConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Hook point names, as in TransformerLens, with the shape of the activation at each. Shapes use
 * {@code batch, pos, head (query heads), kv_head, d_head, d_model, d_mlp}.
 *
 * <ul>
 *   <li>{@code hook_embed} [batch, pos, d_model]: token embeddings (after Gemma's sqrt(d_model) scaling)</li>
 *   <li>{@code hook_pos_embed} [batch, pos, d_model]: learned position embeddings (GPT-2 only)</li>
 *   <li>{@code blocks.L.hook_resid_pre} [batch, pos, d_model]: residual stream entering block L</li>
 *   <li>{@code blocks.L.attn.hook_q} [batch, pos, head, d_head], {@code hook_k}/{@code hook_v}
 *       [batch, pos, kv_head, d_head]: projections, before q/k norms (Qwen3, OLMo-2) and rotary embeddings</li>
 *   <li>{@code blocks.L.attn.hook_rot_q}/{@code hook_rot_k}: the same after q/k norms and rotary embeddings (rotary
 *       models)</li>
 *   <li>{@code blocks.L.attn.hook_attn_scores} [batch, head, query_pos, key_pos]: scaled, capped, masked</li>
 *   <li>{@code blocks.L.attn.hook_pattern} [batch, head, query_pos, key_pos]: softmax of the scores</li>
 *   <li>{@code blocks.L.attn.hook_z} [batch, pos, head, d_head]: pattern-weighted values, per head</li>
 *   <li>{@code blocks.L.hook_attn_out} [batch, pos, d_model]: what attention adds to the residual</li>
 *   <li>{@code blocks.L.hook_resid_mid} [batch, pos, d_model]: residual after attention (absent with a parallel
 *       residual, GPT-NeoX, where both sublayers read {@code hook_resid_pre}, as in TransformerLens)</li>
 *   <li>{@code blocks.L.hook_mlp_in} [batch, pos, d_model]: the residual as the MLP reads it (before its norm);
 *       unlike {@code hook_resid_mid} it feeds only the MLP, so its gradient is the MLP's alone (a copy of
 *       {@code hook_resid_pre} with a parallel residual)</li>
 *   <li>{@code blocks.L.mlp.hook_pre} [batch, pos, d_mlp]: MLP pre-activation (the gate, when gated)</li>
 *   <li>{@code blocks.L.mlp.hook_pre_linear} [batch, pos, d_mlp]: the up projection (gated MLPs only)</li>
 *   <li>{@code blocks.L.mlp.hook_post} [batch, pos, d_mlp]: after the nonlinearity (times up, when gated)</li>
 *   <li>{@code blocks.L.hook_mlp_out} [batch, pos, d_model]: what the MLP adds to the residual</li>
 *   <li>{@code blocks.L.hook_resid_post} [batch, pos, d_model]: residual leaving block L</li>
 *   <li>{@code ln_final.hook_normalized} [batch, pos, d_model]: final normalized stream</li>
 * </ul>
 * Attention and MLP outputs are taken after Gemma 2's and OLMo-2's extra norms: exactly what enters the residual.
 * (TransformerLens also hooks its q/k norm modules; Locus has no hook points there.)
 */
public final class HookPoints {
    public static final String EMBED = "hook_embed";
    public static final String POS_EMBED = "hook_pos_embed";
    public static final String LN_FINAL = "ln_final.hook_normalized";

    private HookPoints() {
    }

    public static String residPre(int l) { return "blocks." + l + ".hook_resid_pre"; }
    public static String residMid(int l) { return "blocks." + l + ".hook_resid_mid"; }
    public static String residPost(int l) { return "blocks." + l + ".hook_resid_post"; }
    public static String q(int l) { return "blocks." + l + ".attn.hook_q"; }
    public static String k(int l) { return "blocks." + l + ".attn.hook_k"; }
    public static String v(int l) { return "blocks." + l + ".attn.hook_v"; }
    public static String rotQ(int l) { return "blocks." + l + ".attn.hook_rot_q"; }
    public static String rotK(int l) { return "blocks." + l + ".attn.hook_rot_k"; }
    public static String attnScores(int l) { return "blocks." + l + ".attn.hook_attn_scores"; }
    public static String pattern(int l) { return "blocks." + l + ".attn.hook_pattern"; }
    public static String z(int l) { return "blocks." + l + ".attn.hook_z"; }
    public static String attnOut(int l) { return "blocks." + l + ".hook_attn_out"; }
    public static String mlpIn(int l) { return "blocks." + l + ".hook_mlp_in"; }
    public static String mlpPre(int l) { return "blocks." + l + ".mlp.hook_pre"; }
    public static String mlpPreLinear(int l) { return "blocks." + l + ".mlp.hook_pre_linear"; }
    public static String mlpPost(int l) { return "blocks." + l + ".mlp.hook_post"; }
    public static String mlpOut(int l) { return "blocks." + l + ".hook_mlp_out"; }

    /** Every hook point the model with this config has, in forward order. */
    public static List<String> all(ModelConfig c) {
        List<String> names = new ArrayList<>();
        names.add(EMBED);
        if (c.positional() == ModelConfig.Positional.LEARNED) {
            names.add(POS_EMBED);
        }
        boolean rotary = c.positional() == ModelConfig.Positional.ROTARY;
        for (int l = 0; l < c.nLayers(); l++) {
            names.add(residPre(l));
            names.add(q(l));
            names.add(k(l));
            names.add(v(l));
            if (rotary) {
                names.add(rotQ(l));
                names.add(rotK(l));
            }
            names.add(attnScores(l));
            names.add(pattern(l));
            names.add(z(l));
            names.add(attnOut(l));
            if (!c.parallelResidual()) {
                names.add(residMid(l));
            }
            names.add(mlpIn(l));
            names.add(mlpPre(l));
            if (c.gatedMlp()) {
                names.add(mlpPreLinear(l));
            }
            names.add(mlpPost(l));
            names.add(mlpOut(l));
            names.add(residPost(l));
        }
        names.add(LN_FINAL);
        return names;
    }
}
