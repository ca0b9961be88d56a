package dev.locus.reference;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference forward pass of Qwen2, Qwen3, Mistral and OLMo-2, in plain loops and double precision, as Hugging
 * Face transformers defines them (configuration_*.py and modeling_*.py of qwen2, qwen3, mistral, olmo2). Same
 * conventions as {@link ReferenceForward} (one unpadded sequence, positions 0..n-1, eval mode), whose elementary
 * operations it uses; {@link ReferenceForward#trace} dispatches here on {@code model_type}.
 *
 * <p>What differs from Llama: Qwen2 biases q, k and v (never o); Qwen3 RMS-normalizes each head's q and k
 * (weights [head_dim]) before rotary; OLMo-2 RMS-normalizes the whole q and k projections (weights [heads *
 * head_dim]) before splitting them into heads, has no norms before the sublayers and normalizes each sublayer's
 * output inside the residual; Mistral slides every layer's attention when {@code sliding_window} is set, Qwen2 and
 * Qwen3 only with {@code use_sliding_window}, on the layers {@code layer_types} names (by default those with index
 * {@code >= max_window_layers}). A query at i sees keys j with j <= i and i - j < window.
 */
final class ReferenceLlamaLikes {
    private ReferenceLlamaLikes() {
    }

    static ReferenceForward.Trace trace(JsonNode c, ReferenceForward.Weights w, int[] tokens) {
        String type = c.get("model_type").asText();
        boolean olmo = type.equals("olmo2");
        if (!c.path("hidden_act").asText("silu").equals("silu")) {
            throw new UnsupportedOperationException("hidden_act " + c.get("hidden_act"));
        }
        if (c.hasNonNull("rope_scaling")) {
            throw new UnsupportedOperationException("rope_scaling " + c.get("rope_scaling"));
        }
        int d = c.get("hidden_size").asInt();
        int nHeads = c.get("num_attention_heads").asInt();
        int nKv = c.hasNonNull("num_key_value_heads") ? c.get("num_key_value_heads").asInt() : nHeads;
        // Qwen3Config: head_dim = 128 by default; the others: head_dim if set, else hidden_size // heads.
        int hd = c.hasNonNull("head_dim") ? c.get("head_dim").asInt() : type.equals("qwen3") ? 128 : d / nHeads;
        int nLayers = c.get("num_hidden_layers").asInt();
        int mlp = c.get("intermediate_size").asInt();
        int vocab = c.get("vocab_size").asInt();
        double eps = c.get("rms_norm_eps").asDouble();
        boolean attnBias = c.path("attention_bias").asBoolean(false);
        boolean qkvBias = type.equals("qwen2") || (attnBias && !type.equals("mistral"));
        boolean oBias = attnBias && (type.equals("qwen3") || olmo);
        double theta = c.path("rope_theta").asDouble(10000);
        double[] invFreq = new double[hd / 2];
        for (int i = 0; i < invFreq.length; i++) {
            invFreq[i] = 1.0 / Math.pow(theta, (2.0 * i) / hd);
        }

        int n = tokens.length;
        double[] embed = w.get("model.embed_tokens.weight");
        double[][] h = new double[n][d];
        for (int t = 0; t < n; t++) {
            System.arraycopy(embed, tokens[t] * d, h[t], 0, d);
        }
        List<double[][]> hidden = new ArrayList<>();
        List<double[][][]> attentions = new ArrayList<>();
        for (int layer = 0; layer < nLayers; layer++) {
            hidden.add(copy(h));
            String l = "model.layers." + layer + ".";
            String p = l + "self_attn.";
            Integer window = window(c, type, layer);
            double[][] q = new double[n][];
            double[][] k = new double[n][];
            double[][] v = new double[n][];
            for (int t = 0; t < n; t++) {
                // Qwen2/Qwen3/Mistral: input_layernorm before attention; OLMo-2: none.
                double[] x = olmo ? h[t] : ReferenceForward.rmsNorm(h[t], w.get(l + "input_layernorm.weight"), eps, 0);
                q[t] = ReferenceForward.linear(x, w.get(p + "q_proj.weight"), qkvBias ? w.get(p + "q_proj.bias") : null,
                        d, nHeads * hd);
                k[t] = ReferenceForward.linear(x, w.get(p + "k_proj.weight"), qkvBias ? w.get(p + "k_proj.bias") : null,
                        d, nKv * hd);
                v[t] = ReferenceForward.linear(x, w.get(p + "v_proj.weight"), qkvBias ? w.get(p + "v_proj.bias") : null,
                        d, nKv * hd);
                if (olmo) {
                    // Olmo2Attention: q_norm(q_proj(x)), k_norm(k_proj(x)) over the whole vectors, then .view(heads)
                    q[t] = ReferenceForward.rmsNorm(q[t], w.get(p + "q_norm.weight"), eps, 0);
                    k[t] = ReferenceForward.rmsNorm(k[t], w.get(p + "k_norm.weight"), eps, 0);
                } else if (type.equals("qwen3")) {
                    // Qwen3Attention: q_norm(q_proj(x).view(..., heads, head_dim)): each head on its own
                    perHeadNorm(q[t], nHeads, hd, w.get(p + "q_norm.weight"), eps);
                    perHeadNorm(k[t], nKv, hd, w.get(p + "k_norm.weight"), eps);
                }
                for (int hh = 0; hh < nHeads; hh++) {
                    ReferenceForward.rope(q[t], hh * hd, hd, t, invFreq);
                }
                for (int kh = 0; kh < nKv; kh++) {
                    ReferenceForward.rope(k[t], kh * hd, hd, t, invFreq);
                }
            }
            int groups = nHeads / nKv;
            double[][][] probs = new double[nHeads][n][];
            double[][] merged = new double[n][nHeads * hd];
            for (int hh = 0; hh < nHeads; hh++) {
                int qOff = hh * hd;
                int kvOff = (hh / groups) * hd;     // repeat_kv
                for (int i = 0; i < n; i++) {
                    double[] s = new double[n];
                    boolean[] visible = new boolean[n];
                    for (int j = 0; j < n; j++) {
                        double dot = 0;
                        for (int e = 0; e < hd; e++) {
                            dot += q[i][qOff + e] * k[j][kvOff + e];
                        }
                        s[j] = dot / Math.sqrt(hd);  // scaling = head_dim ** -0.5
                        visible[j] = j <= i && (window == null || i - j < window);
                    }
                    probs[hh][i] = ReferenceForward.maskedSoftmax(s, visible);
                    for (int j = 0; j < n; j++) {
                        for (int e = 0; e < hd; e++) {
                            merged[i][qOff + e] += probs[hh][i][j] * v[j][kvOff + e];
                        }
                    }
                }
            }
            attentions.add(probs);
            for (int t = 0; t < n; t++) {
                double[] o = ReferenceForward.linear(merged[t], w.get(p + "o_proj.weight"),
                        oBias ? w.get(p + "o_proj.bias") : null, nHeads * hd, d);
                if (olmo) {     // Olmo2DecoderLayer: h = residual + post_attention_layernorm(attn)
                    o = ReferenceForward.rmsNorm(o, w.get(l + "post_attention_layernorm.weight"), eps, 0);
                }
                add(h[t], o);
            }
            for (int t = 0; t < n; t++) {
                // Others: post_attention_layernorm is the norm BEFORE the MLP; OLMo-2 has none there.
                double[] x = olmo ? h[t]
                        : ReferenceForward.rmsNorm(h[t], w.get(l + "post_attention_layernorm.weight"), eps, 0);
                double[] g = ReferenceForward.linear(x, w.get(l + "mlp.gate_proj.weight"), null, d, mlp);
                double[] u = ReferenceForward.linear(x, w.get(l + "mlp.up_proj.weight"), null, d, mlp);
                for (int i = 0; i < mlp; i++) {
                    g[i] = ReferenceForward.silu(g[i]) * u[i];
                }
                double[] f = ReferenceForward.linear(g, w.get(l + "mlp.down_proj.weight"), null, mlp, d);
                if (olmo) {     // h = residual + post_feedforward_layernorm(mlp)
                    f = ReferenceForward.rmsNorm(f, w.get(l + "post_feedforward_layernorm.weight"), eps, 0);
                }
                add(h[t], f);
            }
        }
        double[] head = w.get(c.path("tie_word_embeddings").asBoolean(false) ? "model.embed_tokens.weight"
                : "lm_head.weight");
        double[][] logits = new double[n][];
        for (int t = 0; t < n; t++) {
            h[t] = ReferenceForward.rmsNorm(h[t], w.get("model.norm.weight"), eps, 0);
            logits[t] = ReferenceForward.linear(h[t], head, null, d, vocab);
        }
        hidden.add(copy(h));
        return new ReferenceForward.Trace(logits, hidden, attentions);
    }

    /**
     * The window of {@code layer}, or null for full attention. Mistral: sliding_window (null: none) on every
     * layer. Qwen2/Qwen3 (configuration_qwen2.py __post_init__): sliding_window only if use_sliding_window; the
     * layer slides when layer_types says "sliding_attention", or, without layer_types, when its index is
     * {@code >= max_window_layers}. OLMo-2: none.
     */
    static Integer window(JsonNode c, String type, int layer) {
        if (type.equals("mistral")) {
            return c.hasNonNull("sliding_window") ? c.get("sliding_window").asInt() : null;
        }
        if (!type.startsWith("qwen") || !c.path("use_sliding_window").asBoolean(false)
                || !c.hasNonNull("sliding_window")) {
            return null;
        }
        boolean slides = c.hasNonNull("layer_types")
                ? c.get("layer_types").get(layer).asText().equals("sliding_attention")
                : layer >= c.path("max_window_layers").asInt(28);
        return slides ? c.get("sliding_window").asInt() : null;
    }

    /** RMSNorm(head_dim) applied to each of the {@code heads} consecutive head vectors of x, in place. */
    private static void perHeadNorm(double[] x, int heads, int hd, double[] weight, double eps) {
        for (int hh = 0; hh < heads; hh++) {
            double[] one = new double[hd];
            System.arraycopy(x, hh * hd, one, 0, hd);
            System.arraycopy(ReferenceForward.rmsNorm(one, weight, eps, 0), 0, x, hh * hd, hd);
        }
    }

    private static void add(double[] acc, double[] x) {
        for (int i = 0; i < acc.length; i++) {
            acc[i] += x[i];
        }
    }

    private static double[][] copy(double[][] x) {
        double[][] y = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            y[t] = x[t].clone();
        }
        return y;
    }
}
