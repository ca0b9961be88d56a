package dev.locus.model.config;

/**
 * Internal parameter names, the same for every architecture (adapters map checkpoint names onto them).
 * Matrices are stored {@code [in, out]} so that activations multiply on the left: {@code x.matMul(W)}.
 * Layouts: {@code W_QKV} is {@code [d_model, (n_heads + 2 n_kv_heads) d_head]} with all q heads, then all
 * k heads, then all v heads; {@code W_O} is {@code [n_heads d_head, d_model]}; a gated MLP's {@code W_in}
 * is {@code [d_model, 2 d_mlp]} with the gate first, then the up projection.
 */
public final class ParamNames {
    public static final String EMBED = "embed.W_E";
    public static final String POS_EMBED = "pos_embed.W_pos";
    public static final String LN_FINAL_W = "ln_final.w";
    public static final String LN_FINAL_B = "ln_final.b";
    public static final String UNEMBED = "unembed.W_U";

    private ParamNames() {
    }

    public static String block(int layer, String rest) {
        return "blocks." + layer + "." + rest;
    }

    public static String ln1W(int l) { return block(l, "ln1.w"); }
    public static String ln1B(int l) { return block(l, "ln1.b"); }
    public static String ln1PostW(int l) { return block(l, "ln1_post.w"); }
    public static String ln2W(int l) { return block(l, "ln2.w"); }
    public static String ln2B(int l) { return block(l, "ln2.b"); }
    public static String ln2PostW(int l) { return block(l, "ln2_post.w"); }
    public static String wQkv(int l) { return block(l, "attn.W_QKV"); }
    public static String bQkv(int l) { return block(l, "attn.b_QKV"); }
    public static String wO(int l) { return block(l, "attn.W_O"); }
    public static String bO(int l) { return block(l, "attn.b_O"); }
    /** RMSNorm weight of q: [d_head] per head (Qwen3) or [n_heads d_head] over the whole projection (OLMo-2). */
    public static String qNormW(int l) { return block(l, "attn.q_norm.w"); }
    /** RMSNorm weight of k: [d_head] or [n_kv_heads d_head], as {@link #qNormW}. */
    public static String kNormW(int l) { return block(l, "attn.k_norm.w"); }
    public static String wIn(int l) { return block(l, "mlp.W_in"); }
    public static String bIn(int l) { return block(l, "mlp.b_in"); }
    public static String wOut(int l) { return block(l, "mlp.W_out"); }
    public static String bOut(int l) { return block(l, "mlp.b_out"); }
}
