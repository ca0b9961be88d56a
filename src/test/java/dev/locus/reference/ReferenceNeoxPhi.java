package dev.locus.reference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locus.reference.ReferenceForward.Trace;
import dev.locus.reference.ReferenceForward.Weights;

import java.util.ArrayList;
import java.util.List;

/**
 * The reference forward pass of GPT-NeoX (Pythia) and Phi-3, in plain loops and double precision, as
 * transformers defines them (modeling_gpt_neox.py: GPTNeoXForCausalLM; modeling_phi3.py: Phi3ForCausalLM, eager
 * attention). Same conventions as {@link ReferenceForward}: one unpadded sequence, positions 0..n-1, eval mode.
 */
final class ReferenceNeoxPhi {
    private ReferenceNeoxPhi() {
    }

    // ============================================================================================================
    // GPT-NeoX (GPTNeoXForCausalLM -> GPTNeoXModel -> GPTNeoXLayer -> GPTNeoXAttention / GPTNeoXMLP)
    // ============================================================================================================

    static Trace neox(JsonNode c, Weights w, int[] tokens) {
        int d = c.get("hidden_size").asInt();
        int nHeads = c.get("num_attention_heads").asInt();
        int nLayers = c.get("num_hidden_layers").asInt();
        int inner = c.get("intermediate_size").asInt();
        int vocab = c.get("vocab_size").asInt();
        int hd = d / nHeads;                                            // head_size
        int rot = (int) (hd * c.path("rotary_pct").asDouble(0.25));     // rotary_ndims
        double base = c.path("rotary_emb_base").asDouble(10000);
        double eps = c.path("layer_norm_eps").asDouble(1e-5);
        boolean parallel = c.path("use_parallel_residual").asBoolean(true);
        boolean bias = c.path("attention_bias").asBoolean(true);
        if (!c.path("hidden_act").asText("gelu").equals("gelu")) {
            throw new UnsupportedOperationException("hidden_act " + c.get("hidden_act"));
        }
        // GPTNeoXRotaryEmbedding(dim = rotary_ndims): inv_freq = 1 / base^(arange(0, dim, 2) / dim)
        double[] invFreq = new double[rot / 2];
        for (int i = 0; i < invFreq.length; i++) {
            invFreq[i] = 1 / Math.pow(base, 2.0 * i / rot);
        }
        int n = tokens.length;
        List<double[][]> hidden = new ArrayList<>();
        List<double[][][]> attentions = new ArrayList<>();
        double[] embed = w.get("gpt_neox.embed_in.weight");
        double[][] h = new double[n][d];
        for (int t = 0; t < n; t++) {
            System.arraycopy(embed, tokens[t] * d, h[t], 0, d);
        }
        for (int layer = 0; layer < nLayers; layer++) {
            hidden.add(copy(h));
            String p = "gpt_neox.layers." + layer + ".";
            String a = p + "attention.";
            // attention(input_layernorm(x)): qkv viewed as [heads, 3 * head_size]; q, k, v are its three thirds.
            double[][] q = new double[n][d];
            double[][] k = new double[n][d];
            double[][] v = new double[n][d];
            for (int t = 0; t < n; t++) {
                double[] x = ReferenceForward.layerNorm(h[t], w.get(p + "input_layernorm.weight"),
                        w.get(p + "input_layernorm.bias"), eps);
                double[] qkv = ReferenceForward.linear(x, w.get(a + "query_key_value.weight"),
                        bias ? w.get(a + "query_key_value.bias") : null, d, 3 * d);
                for (int hh = 0; hh < nHeads; hh++) {
                    System.arraycopy(qkv, hh * 3 * hd, q[t], hh * hd, hd);
                    System.arraycopy(qkv, hh * 3 * hd + hd, k[t], hh * hd, hd);
                    System.arraycopy(qkv, hh * 3 * hd + 2 * hd, v[t], hh * hd, hd);
                    // rotary on query[..., :rotary_ndims] and key[..., :rotary_ndims]; the rest passes
                    ReferenceForward.rope(q[t], hh * hd, rot, t, invFreq);
                    ReferenceForward.rope(k[t], hh * hd, rot, t, invFreq);
                }
            }
            // _attn: scores = q k^T * head_size^-0.5 (norm_factor), causal mask, softmax, times v; then dense
            double[][] merged = attend(q, k, v, nHeads, nHeads, hd, 1 / Math.sqrt(hd), null, attentions);
            double[][] attn = new double[n][];
            for (int t = 0; t < n; t++) {
                attn[t] = ReferenceForward.linear(merged[t], w.get(a + "dense.weight"),
                        bias ? w.get(a + "dense.bias") : null, d, d);
            }
            for (int t = 0; t < n; t++) {
                // parallel: x + attn(ln1(x)) + mlp(ln2(x)); else: x = x + attn; x = x + mlp(ln2(x))
                double[] mlpIn = parallel ? h[t] : plus(h[t], attn[t]);
                double[] m = ReferenceForward.layerNorm(mlpIn, w.get(p + "post_attention_layernorm.weight"),
                        w.get(p + "post_attention_layernorm.bias"), eps);
                double[] f = ReferenceForward.linear(m, w.get(p + "mlp.dense_h_to_4h.weight"),
                        w.get(p + "mlp.dense_h_to_4h.bias"), d, inner);
                for (int i = 0; i < inner; i++) {
                    f[i] = gelu(f[i]);
                }
                double[] out = ReferenceForward.linear(f, w.get(p + "mlp.dense_4h_to_h.weight"),
                        w.get(p + "mlp.dense_4h_to_h.bias"), inner, d);
                h[t] = plus(plus(h[t], attn[t]), out);
            }
        }
        for (int t = 0; t < n; t++) {
            h[t] = ReferenceForward.layerNorm(h[t], w.get("gpt_neox.final_layer_norm.weight"),
                    w.get("gpt_neox.final_layer_norm.bias"), eps);
        }
        hidden.add(copy(h));
        // embed_out: nn.Linear(hidden, vocab, bias=False); tie_word_embeddings (default false) ties it to embed_in
        boolean tied = c.path("tie_word_embeddings").asBoolean(false);
        double[] head = w.get(tied ? "gpt_neox.embed_in.weight" : "embed_out.weight");
        return new Trace(project(h, head, d, vocab), hidden, attentions);
    }

    // ============================================================================================================
    // Phi-3 (Phi3ForCausalLM -> Phi3Model -> Phi3DecoderLayer -> Phi3Attention / Phi3MLP)
    // ============================================================================================================

    static Trace phi3(JsonNode c, Weights w, int[] tokens) {
        int d = c.get("hidden_size").asInt();
        int nHeads = c.get("num_attention_heads").asInt();
        int nKv = c.path("num_key_value_heads").asInt(nHeads);
        int nLayers = c.get("num_hidden_layers").asInt();
        int inner = c.get("intermediate_size").asInt();
        int vocab = c.get("vocab_size").asInt();
        int hd = c.path("head_dim").asInt(d / nHeads);
        double eps = c.path("rms_norm_eps").asDouble(1e-5);
        if (!c.path("hidden_act").asText("silu").equals("silu")) {
            throw new UnsupportedOperationException("hidden_act " + c.get("hidden_act"));
        }
        // Phi3RotaryEmbedding default: dim = int(head_dim * partial_rotary_factor), inv_freq = 1 / theta^(2i / dim)
        int rot = (int) (hd * c.path("partial_rotary_factor").asDouble(1.0));
        double theta = c.path("rope_theta").asDouble(10000);
        double[] invFreq = new double[rot / 2];
        for (int i = 0; i < invFreq.length; i++) {
            invFreq[i] = 1 / Math.pow(theta, 2.0 * i / rot);
        }
        int n = tokens.length;
        double ropeScale = 1;
        JsonNode rs = c.get("rope_scaling");
        if (rs != null && !rs.isNull()) {
            // _compute_longrope_parameters: ext = long_factor if seq_len (max(position_ids) + 1) > original
            // context, else short_factor; inv_freq = 1 / (ext * theta^(2i/dim)); cos and sin times
            // attention_factor = sqrt(1 + ln(factor) / ln(original)), factor = max_position_embeddings / original
            if (!rs.path("type").asText().equals("longrope")) {
                throw new UnsupportedOperationException("rope_scaling " + rs);
            }
            int original = c.get("original_max_position_embeddings").asInt();
            double factor = c.get("max_position_embeddings").asDouble() / original;
            ropeScale = factor <= 1 ? 1 : Math.sqrt(1 + Math.log(factor) / Math.log(original));
            JsonNode ext = rs.get(n > original ? "long_factor" : "short_factor");
            for (int i = 0; i < invFreq.length; i++) {
                invFreq[i] /= ext.get(i).asDouble();
            }
        }
        // Phi3Model: a sliding-window causal mask on every layer when config.sliding_window is set
        Integer window = c.hasNonNull("sliding_window") ? c.get("sliding_window").asInt() : null;
        int qDim = nHeads * hd;
        int kvDim = nKv * hd;
        List<double[][]> hidden = new ArrayList<>();
        List<double[][][]> attentions = new ArrayList<>();
        double[] embed = w.get("model.embed_tokens.weight");
        double[][] h = new double[n][d];
        for (int t = 0; t < n; t++) {
            System.arraycopy(embed, tokens[t] * d, h[t], 0, d);
        }
        for (int layer = 0; layer < nLayers; layer++) {
            hidden.add(copy(h));
            String p = "model.layers." + layer + ".";
            double[][] q = new double[n][qDim];
            double[][] k = new double[n][kvDim];
            double[][] v = new double[n][kvDim];
            for (int t = 0; t < n; t++) {
                double[] x = ReferenceForward.rmsNorm(h[t], w.get(p + "input_layernorm.weight"), eps, 0);
                // qkv_proj output: [:query_pos] q, then num_key_value_heads * head_dim of k, then the same of v
                double[] qkv = ReferenceForward.linear(x, w.get(p + "self_attn.qkv_proj.weight"), null, d,
                        qDim + 2 * kvDim);
                System.arraycopy(qkv, 0, q[t], 0, qDim);
                System.arraycopy(qkv, qDim, k[t], 0, kvDim);
                System.arraycopy(qkv, qDim + kvDim, v[t], 0, kvDim);
                for (int hh = 0; hh < nHeads; hh++) {
                    scaledRope(q[t], hh * hd, rot, t, invFreq, ropeScale);
                }
                for (int kh = 0; kh < nKv; kh++) {
                    scaledRope(k[t], kh * hd, rot, t, invFreq, ropeScale);
                }
            }
            double[][] merged = attend(q, k, v, nHeads, nKv, hd, 1 / Math.sqrt(hd), window, attentions);
            for (int t = 0; t < n; t++) {
                // residual + o_proj(attn); residual + mlp(post_attention_layernorm(.))
                h[t] = plus(h[t], ReferenceForward.linear(merged[t], w.get(p + "self_attn.o_proj.weight"), null,
                        qDim, d));
                double[] m = ReferenceForward.rmsNorm(h[t], w.get(p + "post_attention_layernorm.weight"), eps, 0);
                // Phi3MLP: gate, up = gate_up_proj(x).chunk(2); down_proj(up * silu(gate))
                double[] gu = ReferenceForward.linear(m, w.get(p + "mlp.gate_up_proj.weight"), null, d, 2 * inner);
                double[] f = new double[inner];
                for (int i = 0; i < inner; i++) {
                    f[i] = gu[inner + i] * ReferenceForward.silu(gu[i]);
                }
                h[t] = plus(h[t], ReferenceForward.linear(f, w.get(p + "mlp.down_proj.weight"), null, inner, d));
            }
        }
        for (int t = 0; t < n; t++) {
            h[t] = ReferenceForward.rmsNorm(h[t], w.get("model.norm.weight"), eps, 0);
        }
        hidden.add(copy(h));
        boolean tied = c.path("tie_word_embeddings").asBoolean(false);
        double[] head = w.get(tied ? "model.embed_tokens.weight" : "lm_head.weight");
        return new Trace(project(h, head, d, vocab), hidden, attentions);
    }

    // ============================================================================================================
    // Shared pieces
    // ============================================================================================================

    /**
     * Eager attention over per-position q [n][heads * hd], k and v [n][kvHeads * hd]: query head hh reads kv head
     * hh / (heads / kvHeads) (repeat_kv); key j is visible to query i iff j <= i and, with a window, j > i - window
     * (transformers' sliding_window_overlay). Returns the heads' outputs concatenated, [n][heads * hd].
     */
    private static double[][] attend(double[][] q, double[][] k, double[][] v, int heads, int kvHeads, int hd,
                                     double scale, Integer window, List<double[][][]> attentionsOut) {
        int n = q.length;
        int groups = heads / kvHeads;
        double[][][] probs = new double[heads][][];
        double[][] merged = new double[n][heads * hd];
        for (int hh = 0; hh < heads; hh++) {
            int qOff = hh * hd;
            int kvOff = hh / groups * hd;
            probs[hh] = new double[n][];
            for (int i = 0; i < n; i++) {
                double[] s = new double[n];
                boolean[] visible = new boolean[n];
                for (int j = 0; j < n; j++) {
                    double dot = 0;
                    for (int e = 0; e < hd; e++) {
                        dot += q[i][qOff + e] * k[j][kvOff + e];
                    }
                    s[j] = dot * scale;
                    visible[j] = j <= i && (window == null || j > i - window);
                }
                double[] pr = ReferenceForward.maskedSoftmax(s, visible);
                probs[hh][i] = pr;
                for (int j = 0; j < n; j++) {
                    for (int e = 0; e < hd; e++) {
                        merged[i][qOff + e] += pr[j] * v[j][kvOff + e];
                    }
                }
            }
        }
        attentionsOut.add(probs);
        return merged;
    }

    /**
     * apply_rotary_pos_emb on x[off .. off + width) with cos and sin both times {@code scale} (LongRoPE's attention
     * factor): x * (s cos) + rotate_half(x) * (s sin); the dimensions past width pass unchanged.
     */
    private static void scaledRope(double[] x, int off, int width, int pos, double[] invFreq, double scale) {
        int half = width / 2;
        for (int i = 0; i < half; i++) {
            double cos = scale * Math.cos(pos * invFreq[i]);
            double sin = scale * Math.sin(pos * invFreq[i]);
            double x1 = x[off + i];
            double x2 = x[off + i + half];
            x[off + i] = x1 * cos - x2 * sin;
            x[off + i + half] = x2 * cos + x1 * sin;
        }
    }

    /** Exact GELU (transformers' "gelu" is nn.functional.gelu): x * (1 + erf(x / sqrt 2)) / 2. */
    static double gelu(double x) {
        return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
    }

    /**
     * erf to about 1e-14: its Maclaurin series below 3 (terms peak near 3e3, so ~1e-13 absolute is lost to
     * cancellation), the continued fraction of erfc above.
     */
    static double erf(double x) {
        double ax = Math.abs(x);
        double r;
        if (ax < 3) {
            // erf(x) = 2/sqrt(pi) * sum_n (-1)^n x^(2n+1) / (n! (2n+1))
            double term = ax;
            double sum = ax;
            for (int m = 1; m < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); m++) {
                term *= -ax * ax / m;
                sum += term / (2 * m + 1);
            }
            r = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            // erfc(x) = exp(-x^2)/sqrt(pi) * 1 / (x + (1/2) / (x + 1 / (x + (3/2) / (x + 2 / (x + ...)))))
            double t = ax;
            for (int m = 120; m >= 1; m--) {
                t = ax + (m / 2.0) / t;
            }
            r = 1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / t;
        }
        return x < 0 ? -r : r;
    }

    private static double[] plus(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }

    private static double[][] project(double[][] h, double[] weight, int d, int vocab) {
        double[][] logits = new double[h.length][];
        for (int t = 0; t < h.length; t++) {
            logits[t] = ReferenceForward.linear(h[t], weight, null, d, vocab);
        }
        return logits;
    }

    private static double[][] copy(double[][] x) {
        double[][] y = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            y[t] = x[t].clone();
        }
        return y;
    }
}
