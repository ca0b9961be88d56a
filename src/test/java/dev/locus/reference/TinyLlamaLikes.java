package dev.locus.reference;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Tiny random checkpoints of the Llama-like architectures Qwen2, Qwen3, Mistral and OLMo-2, in the Hugging Face
 * layout: {@code config.json} with each one's real field names and {@code model.safetensors} (or two shards) with
 * the real tensor names and shapes, written from transformers' configuration_*.py and modeling_*.py (qwen2, qwen3,
 * mistral, olmo2). Independent of the main code; {@link TinyCheckpoint} writes the files. Values are drawn per
 * tensor from a {@link Random} seeded by (seed, tensor name) and rounded to the dtype, so {@link
 * TinyCheckpoint.Model#weights()} are exactly the values in the file. {@link TinyCheckpoint.Model#options()} is
 * null for these.
 *
 * <p>Defaults: d 32, 4 heads, 2 kv heads, head_dim 8, mlp 64, 2 layers, vocab 50, 64 positions, theta 10000,
 * rms_norm_eps 1e-6 (OLMo-2 1e-5), F32, one file, seed 1; Qwen2 tied, the others untied; no sliding window.
 */
public final class TinyLlamaLikes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double EMBED_STD = 0.5;
    private static final double BIAS_STD = 0.1;
    private static final double NORM_STD = 0.2;    // norm weights around 1

    private TinyLlamaLikes() {
    }

    public enum Arch {
        QWEN2("Qwen2ForCausalLM", "qwen2"), QWEN3("Qwen3ForCausalLM", "qwen3"),
        MISTRAL("MistralForCausalLM", "mistral"), OLMO2("Olmo2ForCausalLM", "olmo2");

        final String hfClass;
        final String modelType;

        Arch(String hfClass, String modelType) {
            this.hfClass = hfClass;
            this.modelType = modelType;
        }
    }

    public static Builder builder(Arch arch) {
        return new Builder(arch);
    }

    /** Options; those that do not apply to an architecture are not written for it. */
    public static final class Builder {
        private final Arch arch;
        private long seed = 1;
        private String dtype = "F32";
        private int nLayers = 2;
        private int dModel = 32;
        private int nHeads = 4;
        private int nKvHeads = 2;
        private int headDim = 8;
        private int dMlp = 64;
        private int vocab = 50;
        private Boolean tied;
        private double ropeTheta = 10000;
        private boolean attentionBias;
        private Integer slidingWindow;
        private boolean useSlidingWindow;
        private int maxWindowLayers = 1;
        private List<String> layerTypes;
        private boolean sharded;

        Builder(Arch arch) {
            this.arch = arch;
        }

        public Builder seed(long v) { seed = v; return this; }
        /** "F32" or "BF16". */
        public Builder dtype(String v) { dtype = v; return this; }
        public Builder nLayers(int v) { nLayers = v; return this; }
        public Builder nKvHeads(int v) { nKvHeads = v; return this; }
        /** Written as "head_dim" (Qwen3, Mistral); Qwen2 and OLMo-2 derive hidden_size / heads. */
        public Builder headDim(int v) { headDim = v; return this; }
        public Builder tiedEmbeddings(boolean v) { tied = v; return this; }
        public Builder ropeTheta(double v) { ropeTheta = v; return this; }
        /** Qwen3 and OLMo-2 "attention_bias" (q, k, v and o). Qwen2 always biases q, k, v; Mistral never. */
        public Builder attentionBias(boolean v) { attentionBias = v; return this; }
        /** Mistral: "sliding_window" (null writes null: off). Qwen: the window when use_sliding_window. */
        public Builder slidingWindow(Integer v) { slidingWindow = v; return this; }
        /** Qwen: "use_sliding_window" and "max_window_layers" (layers with index >= it slide). */
        public Builder useSlidingWindow(int fromLayer) {
            useSlidingWindow = true;
            maxWindowLayers = fromLayer;
            return this;
        }
        /** Qwen: an explicit "layer_types" list (full_attention / sliding_attention). */
        public Builder layerTypes(List<String> v) { layerTypes = v; return this; }
        public Builder sharded(boolean v) { sharded = v; return this; }

        private boolean isTied() {
            return tied != null ? tied : arch == Arch.QWEN2;
        }

        private int headDim() {
            return arch == Arch.QWEN3 || arch == Arch.MISTRAL ? headDim : dModel / nHeads;
        }

        /** Generates without writing: {@link TinyCheckpoint.Model#dir()} is null. */
        public TinyCheckpoint.Model generate() {
            Map<String, double[]> weights = new LinkedHashMap<>();
            Map<String, int[]> shapes = new LinkedHashMap<>();
            tensors(weights, shapes);
            return new TinyCheckpoint.Model(null, null, config(), Collections.unmodifiableMap(weights),
                    Collections.unmodifiableMap(shapes), List.of());
        }

        public TinyCheckpoint.Model write(Path dir) {
            TinyCheckpoint.Model m = generate();
            List<String> files = TinyCheckpoint.writeFiles(dir, m.config(), m.weights(), m.shapes(), dtype, sharded);
            return new TinyCheckpoint.Model(dir, null, m.config(), m.weights(), m.shapes(), files);
        }

        private void tensors(Map<String, double[]> w, Map<String, int[]> s) {
            int d = dModel;
            int q = nHeads * headDim();
            int kv = nKvHeads * headDim();
            boolean qkvBias = arch == Arch.QWEN2 || (attentionBias && arch != Arch.MISTRAL);
            boolean oBias = attentionBias && (arch == Arch.QWEN3 || arch == Arch.OLMO2);
            put(w, s, "model.embed_tokens.weight", 0, EMBED_STD, vocab, d);
            for (int i = 0; i < nLayers; i++) {
                String l = "model.layers." + i + ".";
                String a = l + "self_attn.";
                if (arch != Arch.OLMO2) {
                    put(w, s, l + "input_layernorm.weight", 1, NORM_STD, d);
                }
                linear(w, s, a + "q_proj", q, d, qkvBias);
                linear(w, s, a + "k_proj", kv, d, qkvBias);
                linear(w, s, a + "v_proj", kv, d, qkvBias);
                linear(w, s, a + "o_proj", d, q, oBias);
                if (arch == Arch.QWEN3) {       // RMSNorm(head_dim), shared by the heads
                    put(w, s, a + "q_norm.weight", 1, NORM_STD, headDim());
                    put(w, s, a + "k_norm.weight", 1, NORM_STD, headDim());
                } else if (arch == Arch.OLMO2) { // RMSNorm over the whole projection
                    put(w, s, a + "q_norm.weight", 1, NORM_STD, q);
                    put(w, s, a + "k_norm.weight", 1, NORM_STD, kv);
                }
                put(w, s, l + "post_attention_layernorm.weight", 1, NORM_STD, d);
                if (arch == Arch.OLMO2) {
                    put(w, s, l + "post_feedforward_layernorm.weight", 1, NORM_STD, d);
                }
                linear(w, s, l + "mlp.gate_proj", dMlp, d, false);
                linear(w, s, l + "mlp.up_proj", dMlp, d, false);
                linear(w, s, l + "mlp.down_proj", d, dMlp, false);
            }
            put(w, s, "model.norm.weight", 1, NORM_STD, d);
            if (!isTied()) {
                put(w, s, "lm_head.weight", 0, EMBED_STD, vocab, d);
            }
        }

        /** nn.Linear(in, out): weight [out, in] with std 1 / sqrt(in), and an optional bias [out]. */
        private void linear(Map<String, double[]> w, Map<String, int[]> s, String name, int out, int in, boolean bias) {
            put(w, s, name + ".weight", 0, 1 / Math.sqrt(in), out, in);
            if (bias) {
                put(w, s, name + ".bias", 0, BIAS_STD, out);
            }
        }

        private void put(Map<String, double[]> w, Map<String, int[]> s, String name, double mean, double std,
                         int... shape) {
            Random r = new Random(seed * 0x9E3779B97F4A7C15L + name.hashCode());
            double[] v = new double[SafetensorsFile.numel(shape)];
            for (int i = 0; i < v.length; i++) {
                double x = mean + std * r.nextGaussian();
                v[i] = dtype.equals("BF16") ? Bf16.round(x) : (double) (float) x;
            }
            w.put(name, v);
            s.put(name, shape);
        }

        /** config.json as save_pretrained writes it for this architecture (sorted keys). */
        private ObjectNode config() {
            Map<String, Object> c = new TreeMap<>();
            c.put("architectures", List.of(arch.hfClass));
            c.put("model_type", arch.modelType);
            c.put("transformers_version", "4.51.3");
            c.put("torch_dtype", dtype.equals("BF16") ? "bfloat16" : "float32");
            c.put("vocab_size", vocab);
            c.put("hidden_size", dModel);
            c.put("intermediate_size", dMlp);
            c.put("num_hidden_layers", nLayers);
            c.put("num_attention_heads", nHeads);
            c.put("num_key_value_heads", nKvHeads);
            c.put("max_position_embeddings", 64);
            c.put("rms_norm_eps", arch == Arch.OLMO2 ? 1e-5 : 1e-6);
            c.put("rope_theta", ropeTheta);
            c.put("rope_scaling", null);
            c.put("hidden_act", "silu");
            c.put("tie_word_embeddings", isTied());
            c.put("attention_dropout", 0.0);
            c.put("initializer_range", 0.02);
            c.put("use_cache", true);
            c.put("bos_token_id", 1);
            c.put("eos_token_id", 2);
            switch (arch) {
                case QWEN2, QWEN3 -> {
                    c.put("use_sliding_window", useSlidingWindow);
                    c.put("sliding_window", slidingWindow);
                    c.put("max_window_layers", maxWindowLayers);
                    if (layerTypes != null) {
                        c.put("layer_types", layerTypes);
                    }
                    if (arch == Arch.QWEN3) {
                        c.put("head_dim", headDim());
                        c.put("attention_bias", attentionBias);
                    }
                }
                case MISTRAL -> {
                    c.put("head_dim", headDim());
                    c.put("sliding_window", slidingWindow);
                }
                case OLMO2 -> {
                    c.put("attention_bias", attentionBias);
                    c.put("pad_token_id", 0);
                }
            }
            return JSON.valueToTree(c);
        }
    }
}
