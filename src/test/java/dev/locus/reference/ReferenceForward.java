package dev.locus.reference;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An independent reference forward pass, in plain loops and double precision, for GPT-2, Llama, Gemma and Gemma 2
 * as Hugging Face transformers (~4.44) defines them (Qwen2, Qwen3, Mistral and OLMo-2: {@link ReferenceLlamaLikes}). It reads the HF {@code config.json} fields and the HF tensor
 * names and layouts, so it doubles as documentation of those conventions. One unpadded sequence, positions
 * 0..n-1, no cache, eval mode (dropout off). GPT-NeoX and Phi-3 are in {@link ReferenceNeoxPhi}.
 *
 * <p>Layouts: an HF {@code nn.Linear(in, out)} weight is [out, in] and computes {@code y = x W^T + b}; GPT-2's
 * {@code Conv1D(nf=out, nx=in)} weight is [in, out] and computes {@code y = x W + b}. All tensors are row-major.
 *
 * <p>Besides logits, {@link #trace} returns what HF returns with {@code output_hidden_states=True} and
 * {@code output_attentions=True} (see {@link Trace}).
 */
public final class ReferenceForward {
    private ReferenceForward() {
    }

    /**
     * @param logits       [position][vocab]
     * @param hiddenStates HF's {@code output_hidden_states}: num_layers + 1 entries of [position][hidden]; entry 0 is
     *                     the embedding output (GPT-2: wte + wpe; Gemma/Gemma2: already times sqrt(hidden_size)),
     *                     entry i (0 < i < L) is the output of layer i-1, and the LAST entry is the output of the
     *                     last layer AFTER the final norm (ln_f / model.norm), not the raw residual stream
     * @param attentions   HF's {@code output_attentions}: per layer [head][query][key] softmax probabilities
     */
    public record Trace(double[][] logits, List<double[][]> hiddenStates, List<double[][][]> attentions) {
    }

    public static double[][] logits(TinyCheckpoint.Model model, int[] tokens) {
        return trace(model, tokens).logits();
    }

    public static Trace trace(TinyCheckpoint.Model model, int[] tokens) {
        return trace(model.config(), model.weights(), tokens);
    }

    /** Dispatches on config.json's "model_type". */
    public static Trace trace(JsonNode config, Map<String, double[]> weights, int[] tokens) {
        Weights w = new Weights(weights);
        String type = config.get("model_type").asText();
        return switch (type) {
            case "gpt2" -> gpt2(config, w, tokens);
            case "llama" -> llama(config, w, tokens);
            case "gemma" -> gemma(config, w, tokens);
            case "gemma2" -> gemma2(config, w, tokens);
            case "gpt_neox" -> ReferenceNeoxPhi.neox(config, w, tokens);
            case "phi3" -> ReferenceNeoxPhi.phi3(config, w, tokens);
            case "qwen2", "qwen3", "mistral", "olmo2" -> ReferenceLlamaLikes.trace(config, w, tokens);
            default -> throw new IllegalArgumentException("unsupported model_type " + type);
        };
    }

    // ============================================================================================================
    // GPT-2 (modeling_gpt2.py: GPT2LMHeadModel -> GPT2Model -> GPT2Block -> GPT2Attention / GPT2MLP)
    // ============================================================================================================

    static Trace gpt2(JsonNode c, Weights w, int[] tokens) {
        int d = c.get("n_embd").asInt();
        int nHeads = c.get("n_head").asInt();
        int nLayers = c.get("n_layer").asInt();
        int headDim = d / nHeads;
        // GPT2MLP: inner_dim = config.n_inner if config.n_inner is not None else 4 * hidden_size
        int inner = c.hasNonNull("n_inner") ? c.get("n_inner").asInt() : 4 * d;
        double eps = c.get("layer_norm_epsilon").asDouble();
        if (!c.path("activation_function").asText("gelu_new").equals("gelu_new")) {
            throw new UnsupportedOperationException("activation " + c.get("activation_function"));
        }
        // GPT2LMHeadModel saves "transformer." + the GPT2Model names; the original gpt2 repo saved them bare.
        String p = w.has("transformer.wte.weight") ? "transformer." : "";
        int n = tokens.length;
        List<double[][]> hidden = new ArrayList<>();
        List<double[][][]> attentions = new ArrayList<>();

        // GPT2Model.forward: hidden_states = inputs_embeds + position_embeds, position_ids = arange(n)
        double[] wte = w.get(p + "wte.weight"); // [vocab, d]
        double[] wpe = w.get(p + "wpe.weight"); // [n_positions, d]
        double[][] h = new double[n][d];
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < d; i++) {
                h[t][i] = wte[tokens[t] * d + i] + wpe[t * d + i];
            }
        }

        for (int layer = 0; layer < nLayers; layer++) {
            hidden.add(copy(h));
            String l = p + "h." + layer + ".";
            // GPT2Block: residual = x; x = ln_1(x); x = attn(x); x = x + residual
            double[][] a = new double[n][];
            for (int t = 0; t < n; t++) {
                a[t] = layerNorm(h[t], w.get(l + "ln_1.weight"), w.get(l + "ln_1.bias"), eps);
            }
            // GPT2Attention: query, key, value = c_attn(x).split(n_embd, dim=2); c_attn is Conv1D [d, 3d]
            double[][] q = new double[n][d];
            double[][] k = new double[n][d];
            double[][] v = new double[n][d];
            for (int t = 0; t < n; t++) {
                double[] qkv = conv1d(a[t], w.get(l + "attn.c_attn.weight"), w.get(l + "attn.c_attn.bias"), d, 3 * d);
                System.arraycopy(qkv, 0, q[t], 0, d);
                System.arraycopy(qkv, d, k[t], 0, d);
                System.arraycopy(qkv, 2 * d, v[t], 0, d);
            }
            // _split_heads: head hh is columns [hh*head_dim, (hh+1)*head_dim) of each of q, k, v.
            // _attn: w = q k^T / sqrt(head_dim) (scale_attn_weights); causal mask; softmax; w v.
            double[][][] probs = new double[nHeads][n][n];
            double[][] merged = new double[n][d];
            for (int hh = 0; hh < nHeads; hh++) {
                int off = hh * headDim;
                for (int i = 0; i < n; i++) {
                    double[] s = new double[i + 1]; // causal: keys 0..i
                    for (int j = 0; j <= i; j++) {
                        s[j] = dot(q[i], off, k[j], off, headDim) / Math.sqrt(headDim);
                    }
                    double[] pr = softmax(s);
                    System.arraycopy(pr, 0, probs[hh][i], 0, i + 1);
                    for (int j = 0; j <= i; j++) {
                        for (int e = 0; e < headDim; e++) {
                            merged[i][off + e] += pr[j] * v[j][off + e];
                        }
                    }
                }
            }
            attentions.add(probs);
            // _merge_heads then c_proj (Conv1D [d, d]); residual add
            for (int t = 0; t < n; t++) {
                double[] o = conv1d(merged[t], w.get(l + "attn.c_proj.weight"), w.get(l + "attn.c_proj.bias"), d, d);
                add(h[t], o);
            }
            // GPT2Block: residual = x; x = ln_2(x); x = mlp(x); x = x + residual
            // GPT2MLP: c_proj(gelu_new(c_fc(x))); c_fc Conv1D [d, inner], c_proj Conv1D [inner, d]
            for (int t = 0; t < n; t++) {
                double[] m = layerNorm(h[t], w.get(l + "ln_2.weight"), w.get(l + "ln_2.bias"), eps);
                double[] f = conv1d(m, w.get(l + "mlp.c_fc.weight"), w.get(l + "mlp.c_fc.bias"), d, inner);
                for (int i = 0; i < inner; i++) {
                    f[i] = geluTanh(f[i]);
                }
                add(h[t], conv1d(f, w.get(l + "mlp.c_proj.weight"), w.get(l + "mlp.c_proj.bias"), inner, d));
            }
        }

        // GPT2Model: hidden_states = ln_f(hidden_states)
        for (int t = 0; t < n; t++) {
            h[t] = layerNorm(h[t], w.get(p + "ln_f.weight"), w.get(p + "ln_f.bias"), eps);
        }
        hidden.add(copy(h));
        // GPT2LMHeadModel: lm_head = Linear(d, vocab, bias=False), tied to wte: logits = h wte^T.
        // (A stored "lm_head.weight" is ignored by HF: tying replaces it with wte.)
        int vocab = c.get("vocab_size").asInt();
        double[][] logits = new double[n][];
        for (int t = 0; t < n; t++) {
            logits[t] = linear(h[t], wte, null, d, vocab);
        }
        return new Trace(logits, hidden, attentions);
    }

    // ============================================================================================================
    // Llama (modeling_llama.py: LlamaForCausalLM -> LlamaModel -> LlamaDecoderLayer)
    // ============================================================================================================

    static Trace llama(JsonNode c, Weights w, int[] tokens) {
        Dims dm = Dims.of(c);
        List<double[][]> hidden = new ArrayList<>();
        List<double[][][]> attentions = new ArrayList<>();
        if (!c.path("hidden_act").asText("silu").equals("silu")) {
            throw new UnsupportedOperationException("hidden_act " + c.get("hidden_act"));
        }
        // LlamaAttention: scaling 1/sqrt(head_dim); no soft-capping; no sliding window.
        AttnSpec attn = new AttnSpec(dm, 1 / Math.sqrt(dm.headDim), null, null, ropeInvFreq(c, dm.headDim),
                c.path("attention_bias").asBoolean(false));
        boolean mlpBias = c.path("mlp_bias").asBoolean(false);

        // LlamaModel: inputs_embeds = embed_tokens(input_ids) (no scaling)
        double[][] h = embed(w.get("model.embed_tokens.weight"), tokens, dm.d, 1.0);

        for (int layer = 0; layer < dm.nLayers; layer++) {
            hidden.add(copy(h));
            String l = "model.layers." + layer + ".";
            // LlamaDecoderLayer: residual = h; h = input_layernorm(h); h = self_attn(h); h = residual + h
            double[][] a = rmsNormAll(h, w.get(l + "input_layernorm.weight"), dm.eps, 0.0);
            double[][] o = ropeSelfAttention(a, w, l + "self_attn.", attn, attentions);
            addAll(h, o);
            // residual = h; h = post_attention_layernorm(h); h = mlp(h); h = residual + h
            // (in Llama "post_attention_layernorm" is the PRE-MLP norm)
            double[][] m = rmsNormAll(h, w.get(l + "post_attention_layernorm.weight"), dm.eps, 0.0);
            addAll(h, gatedMlp(m, w, l + "mlp.", dm, mlpBias, ReferenceForward::silu));
        }

        // LlamaModel: hidden_states = norm(hidden_states); LlamaForCausalLM: logits = lm_head(hidden_states)
        h = rmsNormAll(h, w.get("model.norm.weight"), dm.eps, 0.0);
        hidden.add(copy(h));
        // tie_word_embeddings (LlamaConfig default false): lm_head.weight = embed_tokens.weight when true
        boolean tied = c.path("tie_word_embeddings").asBoolean(false);
        double[] head = w.get(tied ? "model.embed_tokens.weight" : "lm_head.weight");
        return new Trace(project(h, head, dm.d, dm.vocab), hidden, attentions);
    }

    // ============================================================================================================
    // Gemma (modeling_gemma.py): Llama with (1 + w) RMSNorm, embeddings * sqrt(hidden_size), explicit head_dim,
    // GeGLU MLP with the tanh-approximated gelu, and an output head always tied to the embeddings.
    // ============================================================================================================

    static Trace gemma(JsonNode c, Weights w, int[] tokens) {
        Dims dm = Dims.of(c);
        List<double[][]> hidden = new ArrayList<>();
        List<double[][][]> attentions = new ArrayList<>();
        // GemmaMLP: if config.hidden_activation is None, HF warns and uses "gelu_pytorch_tanh", IGNORING
        // config.hidden_act (google/gemma-2b ships hidden_act "gelu" and no hidden_activation).
        String act = c.hasNonNull("hidden_activation") ? c.get("hidden_activation").asText() : "gelu_pytorch_tanh";
        checkTanhGelu(act);
        // GemmaAttention: attn_weights = q k^T / sqrt(head_dim)
        AttnSpec attn = new AttnSpec(dm, 1 / Math.sqrt(dm.headDim), null, null, ropeInvFreq(c, dm.headDim),
                c.path("attention_bias").asBoolean(false));

        // GemmaModel: hidden_states = inputs_embeds * hidden_size**0.5 (HF casts this normalizer to the
        // activation dtype first, e.g. bf16; here it stays exact)
        double[][] h = embed(w.get("model.embed_tokens.weight"), tokens, dm.d, Math.sqrt(dm.d));

        for (int layer = 0; layer < dm.nLayers; layer++) {
            hidden.add(copy(h));
            String l = "model.layers." + layer + ".";
            // GemmaDecoderLayer: same wiring as Llama; GemmaRMSNorm is x/rms(x) * (1 + w)
            double[][] a = rmsNormAll(h, w.get(l + "input_layernorm.weight"), dm.eps, 1.0);
            addAll(h, ropeSelfAttention(a, w, l + "self_attn.", attn, attentions));
            double[][] m = rmsNormAll(h, w.get(l + "post_attention_layernorm.weight"), dm.eps, 1.0);
            addAll(h, gatedMlp(m, w, l + "mlp.", dm, false, ReferenceForward::geluTanh));
        }

        h = rmsNormAll(h, w.get("model.norm.weight"), dm.eps, 1.0);
        hidden.add(copy(h));
        // GemmaForCausalLM: lm_head tied to embed_tokens (GemmaConfig's tie_word_embeddings defaults to true and is
        // absent from config.json); logits = h embed^T, no scaling
        return new Trace(project(h, w.get("model.embed_tokens.weight"), dm.d, dm.vocab), hidden, attentions);
    }

    // ============================================================================================================
    // Gemma 2 (modeling_gemma2.py): Gemma plus sandwich norms around attention and MLP, attention-logit and
    // final-logit soft-capping, query_pre_attn_scalar scaling, and sliding-window attention on even layers.
    // ============================================================================================================

    static Trace gemma2(JsonNode c, Weights w, int[] tokens) {
        Dims dm = Dims.of(c);
        List<double[][]> hidden = new ArrayList<>();
        List<double[][][]> attentions = new ArrayList<>();
        checkTanhGelu(c.path("hidden_activation").asText("gelu_pytorch_tanh"));
        // Gemma2Attention: self.scaling = config.query_pre_attn_scalar ** -0.5 (NOT head_dim ** -0.5)
        double scale = Math.pow(c.get("query_pre_attn_scalar").asDouble(), -0.5);
        Double attnCap = c.hasNonNull("attn_logit_softcapping") ? c.get("attn_logit_softcapping").asDouble() : null;
        Double finalCap = c.hasNonNull("final_logit_softcapping") ? c.get("final_logit_softcapping").asDouble() : null;
        Integer window = c.hasNonNull("sliding_window") ? c.get("sliding_window").asInt() : null;
        double[] invFreq = ropeInvFreq(c, dm.headDim);
        boolean bias = c.path("attention_bias").asBoolean(false);

        // Gemma2Model: hidden_states = inputs_embeds * hidden_size**0.5
        double[][] h = embed(w.get("model.embed_tokens.weight"), tokens, dm.d, Math.sqrt(dm.d));

        for (int layer = 0; layer < dm.nLayers; layer++) {
            hidden.add(copy(h));
            String l = "model.layers." + layer + ".";
            // Gemma2DecoderLayer: is_sliding = not bool(layer_idx % 2): layers 0, 2, 4, ... use the window
            boolean sliding = layer % 2 == 0;
            AttnSpec attn = new AttnSpec(dm, scale, attnCap, sliding ? window : null, invFreq, bias);
            // residual = h; h = input_layernorm(h); h = self_attn(h); h = post_attention_layernorm(h);
            // h = residual + h   (post_attention_layernorm normalizes the attention OUTPUT, unlike Llama)
            double[][] a = rmsNormAll(h, w.get(l + "input_layernorm.weight"), dm.eps, 1.0);
            double[][] o = ropeSelfAttention(a, w, l + "self_attn.", attn, attentions);
            addAll(h, rmsNormAll(o, w.get(l + "post_attention_layernorm.weight"), dm.eps, 1.0));
            // residual = h; h = pre_feedforward_layernorm(h); h = mlp(h); h = post_feedforward_layernorm(h);
            // h = residual + h
            double[][] m = rmsNormAll(h, w.get(l + "pre_feedforward_layernorm.weight"), dm.eps, 1.0);
            double[][] f = gatedMlp(m, w, l + "mlp.", dm, false, ReferenceForward::geluTanh);
            addAll(h, rmsNormAll(f, w.get(l + "post_feedforward_layernorm.weight"), dm.eps, 1.0));
        }

        h = rmsNormAll(h, w.get("model.norm.weight"), dm.eps, 1.0);
        hidden.add(copy(h));
        // Gemma2ForCausalLM: logits = lm_head(h) (tied to embed_tokens); then, if final_logit_softcapping is set:
        // logits = logits / cap; logits = tanh(logits); logits = logits * cap
        double[][] logits = project(h, w.get("model.embed_tokens.weight"), dm.d, dm.vocab);
        if (finalCap != null) {
            for (double[] row : logits) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = finalCap * Math.tanh(row[i] / finalCap);
                }
            }
        }
        return new Trace(logits, hidden, attentions);
    }

    // ============================================================================================================
    // Shared by Llama, Gemma and Gemma 2
    // ============================================================================================================

    /** Sizes read from a Llama-family config.json. */
    private record Dims(int d, int nHeads, int nKvHeads, int headDim, int mlp, int nLayers, int vocab, double eps) {
        static Dims of(JsonNode c) {
            int d = c.get("hidden_size").asInt();
            int h = c.get("num_attention_heads").asInt();
            // num_key_value_heads defaults to num_attention_heads when absent (old Llama configs)
            int kv = c.hasNonNull("num_key_value_heads") ? c.get("num_key_value_heads").asInt() : h;
            // head_dim: explicit in Gemma/Gemma2 configs; else hidden_size // num_attention_heads
            int hd = c.hasNonNull("head_dim") ? c.get("head_dim").asInt() : d / h;
            return new Dims(d, h, kv, hd, c.get("intermediate_size").asInt(), c.get("num_hidden_layers").asInt(),
                    c.get("vocab_size").asInt(), c.get("rms_norm_eps").asDouble());
        }
    }

    /** One layer's attention settings. {@code softcap} and {@code window} are null when off. */
    private record AttnSpec(Dims dm, double scale, Double softcap, Integer window, double[] invFreq, boolean bias) {
    }

    /**
     * Rotary inverse frequencies, HF style (modeling_rope_utils.py): {@code inv_freq[i] = 1 / theta^(2i / dim)} for
     * i in [0, dim/2); with {@code rope_scaling.rope_type == "llama3"}, _compute_llama3_parameters rescales them.
     */
    static double[] ropeInvFreq(JsonNode c, int headDim) {
        double theta = c.path("rope_theta").asDouble(10000.0);
        double[] inv = new double[headDim / 2];
        for (int i = 0; i < inv.length; i++) {
            inv[i] = 1.0 / Math.pow(theta, (2.0 * i) / headDim);
        }
        JsonNode rs = c.get("rope_scaling");
        if (rs == null || rs.isNull()) {
            return inv;
        }
        String type = rs.hasNonNull("rope_type") ? rs.get("rope_type").asText() : rs.path("type").asText();
        if (!type.equals("llama3")) {
            throw new UnsupportedOperationException("rope_scaling type " + type);
        }
        double factor = rs.get("factor").asDouble();
        double low = rs.get("low_freq_factor").asDouble();
        double high = rs.get("high_freq_factor").asDouble();
        double oldContext = rs.get("original_max_position_embeddings").asDouble();
        double lowFreqWavelen = oldContext / low;
        double highFreqWavelen = oldContext / high;
        for (int i = 0; i < inv.length; i++) {
            double wavelen = 2 * Math.PI / inv[i];
            if (wavelen < highFreqWavelen) {
                // high frequency: unchanged
            } else if (wavelen > lowFreqWavelen) {
                inv[i] = inv[i] / factor; // low frequency: divided by factor
            } else {
                // medium: smooth = (old_context / wavelen - low) / (high - low);
                // inv = (1 - smooth) * inv / factor + smooth * inv
                double smooth = (oldContext / wavelen - low) / (high - low);
                inv[i] = (1 - smooth) * inv[i] / factor + smooth * inv[i];
            }
        }
        return inv;
    }

    /**
     * HF apply_rotary_pos_emb on one head vector x (length head_dim) at position pos, in place:
     * freqs = pos * inv_freq; emb = cat(freqs, freqs); x = x * cos(emb) + rotate_half(x) * sin(emb), where
     * rotate_half(x) = cat(-x[half:], x[:half]). Element i is paired with element i + half (NOT the interleaved
     * pairs 2i, 2i+1 of the original Meta / GPT-J code; HF permutes q_proj/k_proj rows on conversion instead).
     */
    static void rope(double[] x, int off, int headDim, int pos, double[] invFreq) {
        int half = headDim / 2;
        for (int i = 0; i < half; i++) {
            double angle = pos * invFreq[i]; // emb[i] == emb[i + half] == freqs[i]
            double cos = Math.cos(angle);
            double sin = Math.sin(angle);
            double x1 = x[off + i];
            double x2 = x[off + i + half];
            x[off + i] = x1 * cos - x2 * sin;        // rotate_half(x)[i] = -x2
            x[off + i + half] = x2 * cos + x1 * sin; // rotate_half(x)[i + half] = x1
        }
    }

    /**
     * Llama-family self-attention (LlamaAttention / GemmaAttention / Gemma2Attention, eager path):
     * q/k/v projections, view as [heads, head_dim], rotary on q and k, repeat_kv (query head h reads kv head
     * h / (n_heads / n_kv_heads)), scores = q k^T * scale, optional soft-capping cap * tanh(scores / cap) BEFORE
     * the mask, causal mask (plus the sliding window: key j visible to query i iff j <= i and i - j < window),
     * softmax, weighted sum of v, concat heads, o_proj.
     */
    static double[][] ropeSelfAttention(double[][] x, Weights w, String p, AttnSpec a,
                                        List<double[][][]> attentionsOut) {
        Dims dm = a.dm();
        int n = x.length;
        int hd = dm.headDim;
        int qDim = dm.nHeads * hd;
        int kvDim = dm.nKvHeads * hd;
        double[][] q = new double[n][];
        double[][] k = new double[n][];
        double[][] v = new double[n][];
        for (int t = 0; t < n; t++) {
            // nn.Linear(hidden, heads * head_dim, bias=config.attention_bias)
            q[t] = linear(x[t], w.get(p + "q_proj.weight"), a.bias() ? w.get(p + "q_proj.bias") : null, dm.d, qDim);
            k[t] = linear(x[t], w.get(p + "k_proj.weight"), a.bias() ? w.get(p + "k_proj.bias") : null, dm.d, kvDim);
            v[t] = linear(x[t], w.get(p + "v_proj.weight"), a.bias() ? w.get(p + "v_proj.bias") : null, dm.d, kvDim);
            // .view(bsz, q_len, heads, head_dim): head h is elements [h*head_dim, (h+1)*head_dim); position_ids = t
            for (int hh = 0; hh < dm.nHeads; hh++) {
                rope(q[t], hh * hd, hd, t, a.invFreq());
            }
            for (int kh = 0; kh < dm.nKvHeads; kh++) {
                rope(k[t], kh * hd, hd, t, a.invFreq());
            }
        }
        int groups = dm.nHeads / dm.nKvHeads; // num_key_value_groups
        double[][][] probs = new double[dm.nHeads][n][n];
        double[][] merged = new double[n][qDim];
        for (int hh = 0; hh < dm.nHeads; hh++) {
            int qOff = hh * hd;
            int kvOff = (hh / groups) * hd; // repeat_kv: kv head kh serves query heads kh*groups .. kh*groups+groups-1
            for (int i = 0; i < n; i++) {
                double[] s = new double[n];
                boolean[] visible = new boolean[n];
                for (int j = 0; j < n; j++) {
                    double score = dot(q[i], qOff, k[j], kvOff, hd) * a.scale();
                    if (a.softcap() != null) {
                        score = a.softcap() * Math.tanh(score / a.softcap());
                    }
                    s[j] = score;
                    visible[j] = j <= i && (a.window() == null || i - j < a.window());
                }
                double[] pr = maskedSoftmax(s, visible);
                probs[hh][i] = pr;
                for (int j = 0; j < n; j++) {
                    for (int e = 0; e < hd; e++) {
                        merged[i][qOff + e] += pr[j] * v[j][kvOff + e];
                    }
                }
            }
        }
        attentionsOut.add(probs);
        double[][] out = new double[n][];
        for (int t = 0; t < n; t++) {
            // o_proj: nn.Linear(heads * head_dim, hidden, bias=config.attention_bias)
            out[t] = linear(merged[t], w.get(p + "o_proj.weight"), a.bias() ? w.get(p + "o_proj.bias") : null,
                    qDim, dm.d);
        }
        return out;
    }

    /** LlamaMLP / GemmaMLP: down_proj(act(gate_proj(x)) * up_proj(x)). */
    private static double[][] gatedMlp(double[][] x, Weights w, String p, Dims dm, boolean bias,
                                       java.util.function.DoubleUnaryOperator act) {
        double[][] out = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            double[] g = linear(x[t], w.get(p + "gate_proj.weight"), bias ? w.get(p + "gate_proj.bias") : null,
                    dm.d, dm.mlp);
            double[] u = linear(x[t], w.get(p + "up_proj.weight"), bias ? w.get(p + "up_proj.bias") : null,
                    dm.d, dm.mlp);
            for (int i = 0; i < dm.mlp; i++) {
                g[i] = act.applyAsDouble(g[i]) * u[i];
            }
            out[t] = linear(g, w.get(p + "down_proj.weight"), bias ? w.get(p + "down_proj.bias") : null,
                    dm.mlp, dm.d);
        }
        return out;
    }

    private static void checkTanhGelu(String act) {
        if (!act.equals("gelu_pytorch_tanh") && !act.equals("gelu_new")) {
            throw new UnsupportedOperationException("activation " + act);
        }
    }

    // ============================================================================================================
    // Elementary operations
    // ============================================================================================================

    /** Row t = embedding[tokens[t]] * scale. */
    private static double[][] embed(double[] table, int[] tokens, int d, double scale) {
        double[][] h = new double[tokens.length][d];
        for (int t = 0; t < tokens.length; t++) {
            for (int i = 0; i < d; i++) {
                h[t][i] = table[tokens[t] * d + i] * scale;
            }
        }
        return h;
    }

    /** nn.Linear: y[o] = sum_i W[o, i] x[i] + b[o], W stored [out, in]. */
    static double[] linear(double[] x, double[] weight, double[] bias, int in, int out) {
        double[] y = new double[out];
        for (int o = 0; o < out; o++) {
            double s = bias == null ? 0 : bias[o];
            for (int i = 0; i < in; i++) {
                s += weight[o * in + i] * x[i];
            }
            y[o] = s;
        }
        return y;
    }

    /** GPT-2 Conv1D: y[o] = sum_i x[i] W[i, o] + b[o], W stored [in, out]. */
    static double[] conv1d(double[] x, double[] weight, double[] bias, int in, int out) {
        double[] y = new double[out];
        for (int o = 0; o < out; o++) {
            double s = bias == null ? 0 : bias[o];
            for (int i = 0; i < in; i++) {
                s += x[i] * weight[i * out + o];
            }
            y[o] = s;
        }
        return y;
    }

    /** Output head: logits[t] = h[t] W^T with W [vocab, d]. */
    private static double[][] project(double[][] h, double[] weight, int d, int vocab) {
        double[][] logits = new double[h.length][];
        for (int t = 0; t < h.length; t++) {
            logits[t] = linear(h[t], weight, null, d, vocab);
        }
        return logits;
    }

    /** nn.LayerNorm: (x - mean) / sqrt(var + eps) * w + b, biased variance. */
    static double[] layerNorm(double[] x, double[] w, double[] b, double eps) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double var = 0;
        for (double v : x) {
            var += (v - mean) * (v - mean);
        }
        var /= x.length;
        double inv = 1 / Math.sqrt(var + eps);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (x[i] - mean) * inv * w[i] + b[i];
        }
        return y;
    }

    /**
     * RMSNorm: x / sqrt(mean(x^2) + eps) * (offset + w). LlamaRMSNorm: offset 0; GemmaRMSNorm / Gemma2RMSNorm:
     * offset 1 (their weights are stored as the deviation from 1).
     */
    static double[] rmsNorm(double[] x, double[] w, double eps, double offset) {
        double ms = 0;
        for (double v : x) {
            ms += v * v;
        }
        ms /= x.length;
        double inv = 1 / Math.sqrt(ms + eps);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] * inv * (offset + w[i]);
        }
        return y;
    }

    private static double[][] rmsNormAll(double[][] x, double[] w, double eps, double offset) {
        double[][] y = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            y[t] = rmsNorm(x[t], w, eps, offset);
        }
        return y;
    }

    /** gelu_new (GPT-2) == gelu_pytorch_tanh (Gemma): 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
    static double geluTanh(double x) {
        return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
    }

    /** silu(x) = x * sigmoid(x). */
    static double silu(double x) {
        return x / (1 + Math.exp(-x));
    }

    static double[] softmax(double[] s) {
        boolean[] all = new boolean[s.length];
        java.util.Arrays.fill(all, true);
        return maskedSoftmax(s, all);
    }

    /** Softmax over the visible entries; hidden entries get probability 0 (HF adds finfo.min: the same). */
    static double[] maskedSoftmax(double[] s, boolean[] visible) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < s.length; j++) {
            if (visible[j]) {
                max = Math.max(max, s[j]);
            }
        }
        double sum = 0;
        double[] p = new double[s.length];
        for (int j = 0; j < s.length; j++) {
            if (visible[j]) {
                p[j] = Math.exp(s[j] - max);
                sum += p[j];
            }
        }
        for (int j = 0; j < s.length; j++) {
            p[j] /= sum;
        }
        return p;
    }

    private static double dot(double[] a, int aOff, double[] b, int bOff, int len) {
        double s = 0;
        for (int i = 0; i < len; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    private static void add(double[] acc, double[] x) {
        for (int i = 0; i < acc.length; i++) {
            acc[i] += x[i];
        }
    }

    private static void addAll(double[][] acc, double[][] x) {
        for (int t = 0; t < acc.length; t++) {
            add(acc[t], x[t]);
        }
    }

    private static double[][] copy(double[][] x) {
        double[][] y = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            y[t] = x[t].clone();
        }
        return y;
    }

    /** Weights by HF name; a missing name is an error that lists what there is. */
    static final class Weights {
        private final Map<String, double[]> map;

        Weights(Map<String, double[]> map) {
            this.map = map;
        }

        boolean has(String name) {
            return map.containsKey(name);
        }

        double[] get(String name) {
            double[] v = map.get(name);
            if (v == null) {
                throw new IllegalArgumentException("missing tensor " + name);
            }
            return v;
        }
    }
}
