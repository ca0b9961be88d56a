package dev.locus.reference;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Tiny random GPT-NeoX (Pythia) and Phi-3 checkpoints in the Hugging Face layout, the companion of
 * {@link TinyCheckpoint} for these two architectures (independent of the main code; written from transformers'
 * modeling_gpt_neox.py and modeling_phi3.py). Tensors are stored as HF stores them: GPT-NeoX's
 * {@code attention.query_key_value} as one nn.Linear whose output rows are [head][q, k, v][head_dim] (each head's
 * three projections together), Phi-3's {@code self_attn.qkv_proj} as rows [q heads | k heads | v heads] and
 * {@code mlp.gate_up_proj} as rows [gate | up]. Values are drawn per tensor from a Random seeded by (seed, name)
 * and rounded to the dtype, so {@link TinyCheckpoint.Model#weights()} are exactly the file's values.
 */
public final class TinyNeoxPhi {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TinyNeoxPhi() {
    }

    /**
     * GPT-NeoX defaults: d 32, 4 heads (head_dim 8), rotary_pct 0.5 (4 dims turned), parallel residual, attention
     * biases, untied embed_out, mlp 64. Phi-3 defaults: d 32, 4 heads, 2 kv heads, head_dim 8, mlp 48, untied, no
     * window. Both: seed 1, F32, 2 layers, vocab 50, 64 positions, one file.
     */
    public static Builder neox() {
        return new Builder(true);
    }

    public static Builder phi3() {
        return new Builder(false);
    }

    /** Options of one tiny checkpoint; setters return this. */
    public static final class Builder {
        private final boolean neox;
        private long seed = 1;
        private String dtype = "F32";
        private int nLayers = 2;
        private int dModel = 32;
        private int nHeads = 4;
        private int nKvHeads;
        private int dMlp;
        private int vocab = 50;
        private final int maxPositions = 64;
        private double rotaryPct;
        private boolean parallelResidual = true;
        private boolean attentionBias = true;
        private boolean attnBuffers;
        private Integer slidingWindow;
        private Integer longRopeOriginal;
        private boolean tied;
        private boolean sharded;

        private Builder(boolean neox) {
            this.neox = neox;
            nKvHeads = neox ? 4 : 2;
            dMlp = neox ? 64 : 48;
            rotaryPct = neox ? 0.5 : 1.0;
        }

        public Builder seed(long v) { seed = v; return this; }
        public Builder dtype(String v) { dtype = v; return this; }
        public Builder nLayers(int v) { nLayers = v; return this; }
        public Builder nKvHeads(int v) { nKvHeads = v; return this; }
        public Builder vocab(int v) { vocab = v; return this; }
        /** NeoX: rotary_pct; Phi-3: partial_rotary_factor (written only when not 1). */
        public Builder rotaryPct(double v) { rotaryPct = v; return this; }
        public Builder parallelResidual(boolean v) { parallelResidual = v; return this; }
        /** NeoX: attention_bias (false drops query_key_value.bias and dense.bias). */
        public Builder attentionBias(boolean v) { attentionBias = v; return this; }
        /** NeoX: also save the non-persistent buffers older checkpoints carry. */
        public Builder attnBuffers(boolean v) { attnBuffers = v; return this; }
        public Builder slidingWindow(Integer v) { slidingWindow = v; return this; }
        /**
         * Phi-3: LongRoPE as Phi-3.5 writes it ({@code rope_scaling: {type: longrope, short_factor, long_factor}})
         * with {@code original_max_position_embeddings} = v (the model keeps 64 positions).
         */
        public Builder longRope(int v) { longRopeOriginal = v; return this; }
        public Builder tied(boolean v) { tied = v; return this; }
        public Builder sharded(boolean v) { sharded = v; return this; }

        public TinyCheckpoint.Model write(Path dir) {
            return TinyNeoxPhi.write(this, dir);
        }
    }

    private record Spec(String name, int[] shape, double mean, double std) {
    }

    private static List<Spec> specs(Builder o) {
        List<Spec> s = new ArrayList<>();
        int d = o.dModel;
        int hd = d / o.nHeads;
        if (o.neox) {
            s.add(new Spec("gpt_neox.embed_in.weight", new int[] {o.vocab, d}, 0, 0.5));
            for (int l = 0; l < o.nLayers; l++) {
                String p = "gpt_neox.layers." + l + ".";
                s.add(new Spec(p + "input_layernorm.weight", new int[] {d}, 1, 0.2));
                s.add(new Spec(p + "input_layernorm.bias", new int[] {d}, 0, 0.1));
                s.add(new Spec(p + "post_attention_layernorm.weight", new int[] {d}, 1, 0.2));
                s.add(new Spec(p + "post_attention_layernorm.bias", new int[] {d}, 0, 0.1));
                // nn.Linear(hidden, 3 * hidden): rows [head][q|k|v][head_dim], as GPTNeoXAttention views them.
                s.add(linear(p + "attention.query_key_value.weight", 3 * d, d));
                if (o.attentionBias) {
                    s.add(new Spec(p + "attention.query_key_value.bias", new int[] {3 * d}, 0, 0.1));
                }
                s.add(linear(p + "attention.dense.weight", d, d));
                if (o.attentionBias) {
                    s.add(new Spec(p + "attention.dense.bias", new int[] {d}, 0, 0.1));
                }
                s.add(linear(p + "mlp.dense_h_to_4h.weight", o.dMlp, d));
                s.add(new Spec(p + "mlp.dense_h_to_4h.bias", new int[] {o.dMlp}, 0, 0.1));
                s.add(linear(p + "mlp.dense_4h_to_h.weight", d, o.dMlp));
                s.add(new Spec(p + "mlp.dense_4h_to_h.bias", new int[] {d}, 0, 0.1));
            }
            s.add(new Spec("gpt_neox.final_layer_norm.weight", new int[] {d}, 1, 0.2));
            s.add(new Spec("gpt_neox.final_layer_norm.bias", new int[] {d}, 0, 0.1));
            if (!o.tied) {
                s.add(new Spec("embed_out.weight", new int[] {o.vocab, d}, 0, 0.5));
            }
            return s;
        }
        int op = (o.nHeads + 2 * o.nKvHeads) * hd;   // Phi3Attention's op_size
        s.add(new Spec("model.embed_tokens.weight", new int[] {o.vocab, d}, 0, 0.5));
        for (int l = 0; l < o.nLayers; l++) {
            String p = "model.layers." + l + ".";
            s.add(new Spec(p + "input_layernorm.weight", new int[] {d}, 1, 0.2));
            s.add(linear(p + "self_attn.qkv_proj.weight", op, d));
            s.add(linear(p + "self_attn.o_proj.weight", d, o.nHeads * hd));
            s.add(new Spec(p + "post_attention_layernorm.weight", new int[] {d}, 1, 0.2));
            s.add(linear(p + "mlp.gate_up_proj.weight", 2 * o.dMlp, d));
            s.add(linear(p + "mlp.down_proj.weight", d, o.dMlp));
        }
        s.add(new Spec("model.norm.weight", new int[] {d}, 1, 0.2));
        if (!o.tied) {
            s.add(new Spec("lm_head.weight", new int[] {o.vocab, d}, 0, 0.5));
        }
        return s;
    }

    /** nn.Linear(in, out): weight [out, in], std 1 / sqrt(in). */
    private static Spec linear(String name, int out, int in) {
        return new Spec(name, new int[] {out, in}, 0, 1 / Math.sqrt(in));
    }

    private static double round(Builder o, double x) {
        return o.dtype.equals("BF16") ? Bf16.round(x) : (double) (float) x;
    }

    private static ObjectNode config(Builder o) {
        Map<String, Object> c = new TreeMap<>();
        c.put("transformers_version", "4.44.2");
        c.put("torch_dtype", o.dtype.equals("BF16") ? "bfloat16" : "float32");
        c.put("vocab_size", o.vocab);
        c.put("hidden_size", o.dModel);
        c.put("num_hidden_layers", o.nLayers);
        c.put("num_attention_heads", o.nHeads);
        c.put("intermediate_size", o.dMlp);
        c.put("max_position_embeddings", o.maxPositions);
        c.put("initializer_range", 0.02);
        c.put("use_cache", true);
        c.put("tie_word_embeddings", o.tied);
        if (o.neox) {
            c.put("architectures", List.of("GPTNeoXForCausalLM"));
            c.put("model_type", "gpt_neox");
            c.put("hidden_act", "gelu");
            c.put("rotary_pct", o.rotaryPct);
            c.put("rotary_emb_base", 10000);
            c.put("layer_norm_eps", 1e-5);
            c.put("use_parallel_residual", o.parallelResidual);
            c.put("attention_bias", o.attentionBias);
            c.put("attention_dropout", 0.0);
            c.put("hidden_dropout", 0.0);
            c.put("classifier_dropout", 0.1);
            c.put("rope_scaling", null);
            c.put("bos_token_id", 0);
            c.put("eos_token_id", 0);
        } else {
            c.put("architectures", List.of("Phi3ForCausalLM"));
            c.put("model_type", "phi3");
            c.put("hidden_act", "silu");
            c.put("num_key_value_heads", o.nKvHeads);
            c.put("original_max_position_embeddings", o.longRopeOriginal != null ? o.longRopeOriginal : o.maxPositions);
            c.put("rms_norm_eps", 1e-5);
            c.put("rope_theta", 10000.0);
            c.put("rope_scaling", o.longRopeOriginal == null ? null : longRope(o));
            if (o.rotaryPct != 1.0) {
                c.put("partial_rotary_factor", o.rotaryPct);
            }
            c.put("sliding_window", o.slidingWindow);
            c.put("attention_dropout", 0.0);
            c.put("embd_pdrop", 0.0);
            c.put("resid_pdrop", 0.0);
            c.put("bos_token_id", 1);
            c.put("eos_token_id", 2);
            c.put("pad_token_id", 0);
        }
        return JSON.valueToTree(c);
    }

    /** Factors like Phi-3.5's: short ones near 1, long ones growing with the wavelength. */
    private static Map<String, Object> longRope(Builder o) {
        int half = (int) (o.dModel / o.nHeads * o.rotaryPct) / 2;
        List<Double> shortF = new ArrayList<>();
        List<Double> longF = new ArrayList<>();
        for (int i = 0; i < half; i++) {
            shortF.add(1.0 + 0.25 * i);
            longF.add(1.0 + 3.0 * i * i);
        }
        Map<String, Object> r = new TreeMap<>();
        r.put("type", "longrope");
        r.put("short_factor", shortF);
        r.put("long_factor", longF);
        return r;
    }

    static TinyCheckpoint.Model write(Builder o, Path dir) {
        Map<String, double[]> weights = new LinkedHashMap<>();
        Map<String, int[]> shapes = new LinkedHashMap<>();
        List<SafetensorsFile.Tensor> tensors = new ArrayList<>();
        for (Spec spec : specs(o)) {
            double[] v = new double[SafetensorsFile.numel(spec.shape())];
            Random r = new Random(o.seed * 0x9E3779B97F4A7C15L + spec.name().hashCode());
            for (int i = 0; i < v.length; i++) {
                v[i] = round(o, spec.mean() + spec.std() * r.nextGaussian());
            }
            weights.put(spec.name(), v);
            shapes.put(spec.name(), spec.shape());
            tensors.add(new SafetensorsFile.Tensor(spec.name(), o.dtype, spec.shape(), v));
        }
        if (o.neox && o.attnBuffers) {
            // What GPTNeoXAttention registered before transformers made these buffers non-persistent: the causal
            // mask (bool), masked_bias -1e9 and the rotary inv_freq. None is a parameter.
            int n = o.maxPositions;
            int rot = (int) (o.dModel / o.nHeads * o.rotaryPct);
            for (int l = 0; l < o.nLayers; l++) {
                String a = "gpt_neox.layers." + l + ".attention.";
                double[] mask = new double[n * n];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j <= i; j++) {
                        mask[i * n + j] = 1;
                    }
                }
                tensors.add(new SafetensorsFile.Tensor(a + "bias", "BOOL", new int[] {1, 1, n, n}, mask));
                tensors.add(new SafetensorsFile.Tensor(a + "masked_bias", o.dtype, new int[] {}, new double[] {round(o, -1e9)}));
                double[] inv = new double[rot / 2];
                for (int i = 0; i < inv.length; i++) {
                    inv[i] = round(o, 1 / Math.pow(10000, 2.0 * i / rot));
                }
                tensors.add(new SafetensorsFile.Tensor(a + "rotary_emb.inv_freq", o.dtype, new int[] {inv.length}, inv));
            }
        }
        ObjectNode config = config(o);
        try {
            Files.createDirectories(dir);
            JSON.writeValue(dir.resolve("config.json").toFile(), config);
            Map<String, String> meta = Map.of("format", "pt");
            List<String> files;
            if (!o.sharded) {
                files = List.of(TinyCheckpoint.SINGLE_FILE);
                SafetensorsFile.write(dir.resolve(files.get(0)), tensors, meta);
            } else {
                int cut = tensors.size() / 2;
                files = List.of("model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors");
                SafetensorsFile.write(dir.resolve(files.get(0)), tensors.subList(0, cut), meta);
                SafetensorsFile.write(dir.resolve(files.get(1)), tensors.subList(cut, tensors.size()), meta);
                Map<String, String> weightMap = new TreeMap<>();
                for (int i = 0; i < tensors.size(); i++) {
                    weightMap.put(tensors.get(i).name(), files.get(i < cut ? 0 : 1));
                }
                long total = tensors.stream().mapToLong(SafetensorsFile.Tensor::byteSize).sum();
                JSON.writeValue(dir.resolve(TinyCheckpoint.INDEX_FILE).toFile(),
                        Map.of("metadata", Map.of("total_size", total), "weight_map", weightMap));
            }
            return new TinyCheckpoint.Model(dir, null, config, Collections.unmodifiableMap(weights),
                    Collections.unmodifiableMap(shapes), files);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
