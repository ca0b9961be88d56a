package dev.locus.reference;

import com.fasterxml.jackson.databind.JsonNode;
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
 * Tiny random checkpoints in the Hugging Face layout: {@code config.json} with each architecture's real field
 * names, and {@code model.safetensors} (or two shards plus {@code model.safetensors.index.json}) with the real HF
 * tensor names, shapes and layouts. Independent of the main code; written from the published HF model definitions
 * (transformers ~4.44: modeling_gpt2.py, modeling_llama.py, modeling_gemma.py, modeling_gemma2.py).
 *
 * <pre>{@code
 * TinyCheckpoint.Model m = TinyCheckpoint.builder(Arch.GEMMA2).seed(7).dtype("BF16").write(dir);
 * double[][] logits = ReferenceForward.logits(m, new int[] {2, 5, 9});
 * }</pre>
 *
 * <p>Values are drawn per tensor from a {@link Random} seeded by (seed, tensor name without the GPT-2
 * {@code transformer.} prefix), so the same seed gives the same values for a tensor whatever the other options
 * (prefix, sharding, tying, extra biases, number of layers), and the GPT-2 prefixed and unprefixed checkpoints
 * hold identical weights. Values are rounded to the dtype (F32, or BF16 round-to-nearest-even) before being
 * kept, so {@link Model#weights()} are exactly the values in the file.
 */
public final class TinyCheckpoint {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String TRANSFORMERS_VERSION = "4.44.2";

    private TinyCheckpoint() {
    }

    public enum Arch { GPT2, LLAMA, GEMMA, GEMMA2 }

    /** Llama 3.1 style {@code rope_scaling}; written as {"rope_type": "llama3", "factor": ..., ...}. */
    public record RopeScaling(double factor, double lowFreqFactor, double highFreqFactor,
                              int originalMaxPositionEmbeddings) {
        /** Llama 3.1's values (factor 8, low 1, high 4) with the given original context length. */
        public static RopeScaling llama3(int originalMaxPositionEmbeddings) {
            return new RopeScaling(8.0, 1.0, 4.0, originalMaxPositionEmbeddings);
        }
    }

    /**
     * Everything that defines a tiny checkpoint. Build it with {@link #builder(Arch)}; fields that do not apply to
     * an architecture are ignored for it (and carry the builder's defaults).
     *
     * @param dMlp             GPT-2 n_inner (4*d when {@code writeNInner} is false, written as null), else
     *                         intermediate_size
     * @param writeHeadDim     Llama: write "head_dim" to config.json (forced when headDim != dModel/nHeads);
     *                         Gemma/Gemma2 always write it
     * @param legacyGemmaAct   Gemma: write "hidden_act": "gelu" and "hidden_activation": null, as google/gemma-2b
     *                         does; HF then still uses gelu_pytorch_tanh (the tanh approximation), not exact gelu
     * @param weightScale      multiplies the std of every projection matrix (std = weightScale / sqrt(fan_in))
     */
    public record Options(
            Arch arch, long seed, String dtype, int nLayers, int dModel, int nHeads, int nKvHeads, int headDim,
            int dMlp, boolean writeNInner, int vocab, int maxPositions, boolean tiedEmbeddings, double ropeTheta,
            double normEps, RopeScaling ropeScaling, boolean attentionBias, boolean mlpBias, boolean writeHeadDim,
            boolean legacyGemmaAct, Integer slidingWindow, Double attnLogitSoftcap, Double finalLogitSoftcap,
            double queryPreAttnScalar, boolean gpt2Prefix, boolean gpt2LmHeadCopy, boolean gpt2AttnBuffers,
            boolean sharded, double weightScale) {

        public Builder toBuilder() {
            return new Builder(this);
        }

        /** torch_dtype as config.json names it. */
        public String torchDtype() {
            return dtype.equals("BF16") ? "bfloat16" : "float32";
        }
    }

    /** A generated (and usually written) checkpoint. */
    public record Model(Path dir, Options options, ObjectNode config, Map<String, double[]> weights,
                        Map<String, int[]> shapes, List<String> files) {
        /** The exact values of tensor {@code name}, row-major in the HF shape. */
        public double[] weight(String name) {
            double[] w = weights.get(name);
            if (w == null) {
                throw new IllegalArgumentException("no tensor " + name + " (have " + weights.keySet() + ")");
            }
            return w;
        }

        public int[] shape(String name) {
            return shapes.get(name);
        }
    }

    public static Builder builder(Arch arch) {
        return new Builder(arch);
    }

    /**
     * Options with per-architecture defaults: GPT-2 d16 4 heads mlp 64 eps 1e-5 with prefix; Llama d32 4 heads
     * 2 kv heads head_dim 8 mlp 64 eps 1e-5 theta 10000 untied; Gemma d24 4 heads 1 kv head head_dim 8 mlp 48
     * eps 1e-6; Gemma2 d24 4 heads 2 kv heads head_dim 8 mlp 48 eps 1e-6 window 4 attention cap 3 final cap 3
     * query_pre_attn_scalar 16. All: seed 1, F32, 2 layers, vocab 50, 64 positions, one file.
     */
    public static final class Builder {
        private Arch arch;
        private long seed = 1;
        private String dtype = "F32";
        private int nLayers = 2;
        private Integer dModel;
        private Integer nHeads;
        private Integer nKvHeads;
        private Integer headDim;
        private Integer dMlp;
        private int vocab = 50;
        private int maxPositions = 64;
        private Boolean tiedEmbeddings;
        private double ropeTheta = 10000.0;
        private Double normEps;
        private RopeScaling ropeScaling;
        private boolean attentionBias;
        private boolean mlpBias;
        private boolean writeHeadDim;
        private boolean legacyGemmaAct;
        private Integer slidingWindow = 4;
        private Double attnLogitSoftcap = 3.0;
        private Double finalLogitSoftcap = 3.0;
        private double queryPreAttnScalar = 16;
        private boolean gpt2Prefix = true;
        private boolean gpt2LmHeadCopy;
        private boolean gpt2AttnBuffers;
        private boolean sharded;
        private double weightScale = 1.0;

        Builder(Arch arch) {
            this.arch = arch;
        }

        Builder(Options o) {
            arch = o.arch();
            seed = o.seed();
            dtype = o.dtype();
            nLayers = o.nLayers();
            dModel = o.dModel();
            nHeads = o.nHeads();
            nKvHeads = arch == Arch.GPT2 ? null : o.nKvHeads();
            // A derived head_dim (GPT-2, Llama without "head_dim") follows dModel / nHeads if those change.
            headDim = arch == Arch.GEMMA || arch == Arch.GEMMA2 || o.writeHeadDim() ? o.headDim() : null;
            dMlp = o.writeNInner() || arch != Arch.GPT2 ? o.dMlp() : null;
            vocab = o.vocab();
            maxPositions = o.maxPositions();
            tiedEmbeddings = o.tiedEmbeddings();
            ropeTheta = o.ropeTheta();
            normEps = o.normEps();
            ropeScaling = o.ropeScaling();
            attentionBias = o.attentionBias();
            mlpBias = o.mlpBias();
            writeHeadDim = o.writeHeadDim();
            legacyGemmaAct = o.legacyGemmaAct();
            slidingWindow = o.slidingWindow();
            attnLogitSoftcap = o.attnLogitSoftcap();
            finalLogitSoftcap = o.finalLogitSoftcap();
            queryPreAttnScalar = o.queryPreAttnScalar();
            gpt2Prefix = o.gpt2Prefix();
            gpt2LmHeadCopy = o.gpt2LmHeadCopy();
            gpt2AttnBuffers = o.gpt2AttnBuffers();
            sharded = o.sharded();
            weightScale = o.weightScale();
        }

        public Builder arch(Arch v) { arch = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        /** "F32" or "BF16". */
        public Builder dtype(String v) { dtype = v; return this; }
        public Builder nLayers(int v) { nLayers = v; return this; }
        public Builder dModel(int v) { dModel = v; return this; }
        public Builder nHeads(int v) { nHeads = v; return this; }
        public Builder nKvHeads(int v) { nKvHeads = v; return this; }
        public Builder headDim(int v) { headDim = v; return this; }
        public Builder dMlp(int v) { dMlp = v; return this; }
        public Builder vocab(int v) { vocab = v; return this; }
        public Builder maxPositions(int v) { maxPositions = v; return this; }
        public Builder tiedEmbeddings(boolean v) { tiedEmbeddings = v; return this; }
        public Builder ropeTheta(double v) { ropeTheta = v; return this; }
        /** rms_norm_eps (Llama/Gemma) or layer_norm_epsilon (GPT-2). */
        public Builder normEps(double v) { normEps = v; return this; }
        public Builder ropeScaling(RopeScaling v) { ropeScaling = v; return this; }
        public Builder attentionBias(boolean v) { attentionBias = v; return this; }
        public Builder mlpBias(boolean v) { mlpBias = v; return this; }
        public Builder writeHeadDim(boolean v) { writeHeadDim = v; return this; }
        public Builder legacyGemmaAct(boolean v) { legacyGemmaAct = v; return this; }
        /** Gemma2 sliding_window; null writes null (HF then treats every layer as global). */
        public Builder slidingWindow(Integer v) { slidingWindow = v; return this; }
        /** Gemma2 attn_logit_softcapping; null disables. */
        public Builder attnLogitSoftcap(Double v) { attnLogitSoftcap = v; return this; }
        /** Gemma2 final_logit_softcapping; null disables. */
        public Builder finalLogitSoftcap(Double v) { finalLogitSoftcap = v; return this; }
        public Builder queryPreAttnScalar(double v) { queryPreAttnScalar = v; return this; }
        /** GPT-2: names as GPT2LMHeadModel saves them ("transformer.wte.weight") or as the gpt2 repo ("wte.weight"). */
        public Builder gpt2Prefix(boolean v) { gpt2Prefix = v; return this; }
        /** GPT-2: also write "lm_head.weight", a copy of wte (old pytorch_model.bin style). */
        public Builder gpt2LmHeadCopy(boolean v) { gpt2LmHeadCopy = v; return this; }
        /** GPT-2: also write the "h.{i}.attn.bias" [1,1,P,P] tril buffer and "h.{i}.attn.masked_bias" [] scalar. */
        public Builder gpt2AttnBuffers(boolean v) { gpt2AttnBuffers = v; return this; }
        /** Two shards "model-0000{1,2}-of-00002.safetensors" plus "model.safetensors.index.json". */
        public Builder sharded(boolean v) { sharded = v; return this; }
        public Builder weightScale(double v) { weightScale = v; return this; }

        public Options build() {
            int d = dModel != null ? dModel : switch (arch) {
                case GPT2 -> 16;
                case LLAMA -> 32;
                case GEMMA, GEMMA2 -> 24;
            };
            int h = nHeads != null ? nHeads : 4;
            int kv = nKvHeads != null ? nKvHeads : switch (arch) {
                case GPT2 -> h;
                case LLAMA, GEMMA2 -> h % 2 == 0 ? h / 2 : h;
                case GEMMA -> 1;
            };
            int hd = headDim != null ? headDim
                    : arch == Arch.GEMMA || arch == Arch.GEMMA2 ? 8 : d / h;
            int mlp = dMlp != null ? dMlp : arch == Arch.GPT2 ? 4 * d : 2 * d;
            boolean tied = tiedEmbeddings != null ? tiedEmbeddings : arch != Arch.LLAMA;
            double eps = normEps != null ? normEps : arch == Arch.GPT2 || arch == Arch.LLAMA ? 1e-5 : 1e-6;
            if (!dtype.equals("F32") && !dtype.equals("BF16")) {
                throw new IllegalArgumentException("dtype must be F32 or BF16: " + dtype);
            }
            if (h % kv != 0) {
                throw new IllegalArgumentException("nHeads " + h + " is not a multiple of nKvHeads " + kv);
            }
            if (hd % 2 != 0) {
                throw new IllegalArgumentException("head_dim must be even for rotary embeddings: " + hd);
            }
            if (arch == Arch.GPT2 && (kv != h || hd * h != d)) {
                throw new IllegalArgumentException("GPT-2 has no GQA and head_dim = n_embd / n_head");
            }
            if (arch != Arch.LLAMA && !tied) {
                throw new IllegalArgumentException(arch + " always ties the output head to the embeddings");
            }
            if (arch != Arch.LLAMA && (ropeScaling != null || mlpBias)) {
                throw new IllegalArgumentException("rope_scaling / mlp_bias are Llama options");
            }
            boolean headDimField = writeHeadDim || (arch == Arch.LLAMA && hd * h != d);
            return new Options(arch, seed, dtype, nLayers, d, h, kv, hd, mlp, dMlp != null, vocab, maxPositions,
                    tied, ropeTheta, eps, ropeScaling, attentionBias, mlpBias, headDimField, legacyGemmaAct,
                    slidingWindow, attnLogitSoftcap, finalLogitSoftcap, queryPreAttnScalar, gpt2Prefix,
                    gpt2LmHeadCopy, gpt2AttnBuffers, sharded, weightScale);
        }

        /** Generates without writing anything: {@link Model#dir()} is null. */
        public Model generate() {
            return TinyCheckpoint.generate(build());
        }

        public Model write(Path dir) {
            return TinyCheckpoint.write(build(), dir);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Tensors: HF names, shapes, initial values
    // ------------------------------------------------------------------------------------------------------------

    /** How one tensor's values are made: normal(mean, std), or given. */
    private record Spec(String name, int[] shape, double mean, double std, double[] given) {
        static Spec normal(String name, double mean, double std, int... shape) {
            return new Spec(name, shape, mean, std, null);
        }

        static Spec given(String name, double[] values, int... shape) {
            return new Spec(name, shape, 0, 0, values);
        }
    }

    private static final double EMBED_STD = 0.5; // GPT-2 / Llama token embeddings, untied lm_head
    private static final double POS_EMBED_STD = 0.3; // GPT-2 wpe
    private static final double BIAS_STD = 0.1;
    private static final double NORM_STD = 0.2; // around 1 (LayerNorm, Llama RMSNorm) or around 0 (Gemma's 1 + w)

    /** nn.Linear(in, out): weight [out, in], std weightScale / sqrt(in). */
    private static Spec linear(Options o, String name, int out, int in) {
        return Spec.normal(name, 0, o.weightScale() / Math.sqrt(in), out, in);
    }

    /** GPT-2's Conv1D(nf=out, nx=in): weight [in, out] (transposed relative to nn.Linear). */
    private static Spec conv1d(Options o, String name, int in, int out) {
        return Spec.normal(name, 0, o.weightScale() / Math.sqrt(in), in, out);
    }

    private static Spec bias(String name, int n) {
        return Spec.normal(name, 0, BIAS_STD, n);
    }

    private static List<Spec> specs(Options o) {
        List<Spec> s = new ArrayList<>();
        int d = o.dModel();
        switch (o.arch()) {
            case GPT2 -> {
                // GPT2LMHeadModel.state_dict(): "transformer." + GPT2Model's names (+ "lm_head.weight", tied to wte).
                String p = o.gpt2Prefix() ? "transformer." : "";
                int n = o.maxPositions();
                s.add(Spec.normal(p + "wte.weight", 0, EMBED_STD, o.vocab(), d));
                s.add(Spec.normal(p + "wpe.weight", 0, POS_EMBED_STD, n, d));
                for (int i = 0; i < o.nLayers(); i++) {
                    String l = p + "h." + i + ".";
                    s.add(Spec.normal(l + "ln_1.weight", 1, NORM_STD, d));
                    s.add(Spec.normal(l + "ln_1.bias", 0, BIAS_STD, d));
                    if (o.gpt2AttnBuffers()) {
                        // Old checkpoints carry GPT2Attention's buffers: bias = tril(ones(P, P)).view(1, 1, P, P)
                        // and masked_bias = tensor(-1e4). They are not weights; loaders must ignore them.
                        double[] tril = new double[n * n];
                        for (int r = 0; r < n; r++) {
                            for (int c = 0; c <= r; c++) {
                                tril[r * n + c] = 1;
                            }
                        }
                        s.add(Spec.given(l + "attn.bias", tril, 1, 1, n, n));
                        s.add(Spec.given(l + "attn.masked_bias", new double[] {-1e4}));
                    }
                    s.add(conv1d(o, l + "attn.c_attn.weight", d, 3 * d));
                    s.add(bias(l + "attn.c_attn.bias", 3 * d));
                    s.add(conv1d(o, l + "attn.c_proj.weight", d, d));
                    s.add(bias(l + "attn.c_proj.bias", d));
                    s.add(Spec.normal(l + "ln_2.weight", 1, NORM_STD, d));
                    s.add(Spec.normal(l + "ln_2.bias", 0, BIAS_STD, d));
                    s.add(conv1d(o, l + "mlp.c_fc.weight", d, o.dMlp()));
                    s.add(bias(l + "mlp.c_fc.bias", o.dMlp()));
                    s.add(conv1d(o, l + "mlp.c_proj.weight", o.dMlp(), d));
                    s.add(bias(l + "mlp.c_proj.bias", d));
                }
                s.add(Spec.normal(p + "ln_f.weight", 1, NORM_STD, d));
                s.add(Spec.normal(p + "ln_f.bias", 0, BIAS_STD, d));
                // lm_head.weight, when asked for, is filled in generate() as a copy of the rounded wte.
            }
            case LLAMA, GEMMA, GEMMA2 -> {
                boolean gemma = o.arch() != Arch.LLAMA;
                double normMean = gemma ? 0 : 1; // Gemma's RMSNorm multiplies by (1 + weight)
                int q = o.nHeads() * o.headDim();
                int kv = o.nKvHeads() * o.headDim();
                // Gemma multiplies embeddings by sqrt(d): std 1/sqrt(d) keeps them at rms ~1 in the residual
                // stream, so that the layers are not drowned by the input token's own (tied) embedding.
                double embedStd = gemma ? 1 / Math.sqrt(d) : EMBED_STD;
                s.add(Spec.normal("model.embed_tokens.weight", 0, embedStd, o.vocab(), d));
                for (int i = 0; i < o.nLayers(); i++) {
                    String l = "model.layers." + i + ".";
                    s.add(Spec.normal(l + "input_layernorm.weight", normMean, NORM_STD, d));
                    s.add(linear(o, l + "self_attn.q_proj.weight", q, d));
                    if (o.attentionBias()) {
                        s.add(bias(l + "self_attn.q_proj.bias", q));
                    }
                    s.add(linear(o, l + "self_attn.k_proj.weight", kv, d));
                    if (o.attentionBias()) {
                        s.add(bias(l + "self_attn.k_proj.bias", kv));
                    }
                    s.add(linear(o, l + "self_attn.v_proj.weight", kv, d));
                    if (o.attentionBias()) {
                        s.add(bias(l + "self_attn.v_proj.bias", kv));
                    }
                    s.add(linear(o, l + "self_attn.o_proj.weight", d, q));
                    if (o.attentionBias()) {
                        s.add(bias(l + "self_attn.o_proj.bias", d));
                    }
                    s.add(Spec.normal(l + "post_attention_layernorm.weight", normMean, NORM_STD, d));
                    if (o.arch() == Arch.GEMMA2) {
                        s.add(Spec.normal(l + "pre_feedforward_layernorm.weight", normMean, NORM_STD, d));
                        s.add(Spec.normal(l + "post_feedforward_layernorm.weight", normMean, NORM_STD, d));
                    }
                    s.add(linear(o, l + "mlp.gate_proj.weight", o.dMlp(), d));
                    if (o.mlpBias()) {
                        s.add(bias(l + "mlp.gate_proj.bias", o.dMlp()));
                    }
                    s.add(linear(o, l + "mlp.up_proj.weight", o.dMlp(), d));
                    if (o.mlpBias()) {
                        s.add(bias(l + "mlp.up_proj.bias", o.dMlp()));
                    }
                    s.add(linear(o, l + "mlp.down_proj.weight", d, o.dMlp()));
                    if (o.mlpBias()) {
                        s.add(bias(l + "mlp.down_proj.bias", d));
                    }
                }
                s.add(Spec.normal("model.norm.weight", normMean, NORM_STD, d));
                if (!o.tiedEmbeddings()) {
                    s.add(Spec.normal("lm_head.weight", 0, EMBED_STD, o.vocab(), d));
                }
            }
        }
        return s;
    }

    private static double roundTo(String dtype, double v) {
        return dtype.equals("BF16") ? Bf16.round(v) : (double) (float) v;
    }

    /** Generates the weights and config in memory; writes nothing. */
    public static Model generate(Options o) {
        Map<String, double[]> weights = new LinkedHashMap<>();
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (Spec spec : specs(o)) {
            double[] v = new double[SafetensorsFile.numel(spec.shape())];
            if (spec.given() != null) {
                System.arraycopy(spec.given(), 0, v, 0, v.length);
            } else {
                // One stream per tensor, keyed by the name without GPT-2's "transformer." prefix.
                String key = spec.name().startsWith("transformer.") ? spec.name().substring(12) : spec.name();
                Random r = new Random(o.seed() * 0x9E3779B97F4A7C15L + key.hashCode());
                for (int i = 0; i < v.length; i++) {
                    v[i] = spec.mean() + spec.std() * r.nextGaussian();
                }
            }
            for (int i = 0; i < v.length; i++) {
                v[i] = roundTo(o.dtype(), v[i]);
            }
            weights.put(spec.name(), v);
            shapes.put(spec.name(), spec.shape());
        }
        if (o.arch() == Arch.GPT2 && o.gpt2LmHeadCopy()) {
            String wte = (o.gpt2Prefix() ? "transformer." : "") + "wte.weight";
            weights.put("lm_head.weight", weights.get(wte).clone());
            shapes.put("lm_head.weight", shapes.get(wte).clone());
        }
        return new Model(null, o, config(o), Collections.unmodifiableMap(weights),
                Collections.unmodifiableMap(shapes), List.of());
    }

    // ------------------------------------------------------------------------------------------------------------
    // config.json, as PretrainedConfig.save_pretrained writes it (sorted keys; fields equal to PretrainedConfig's
    // own defaults are left out, e.g. tie_word_embeddings=true for GPT-2 / Gemma / Gemma2)
    // ------------------------------------------------------------------------------------------------------------

    private static Object number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? (Object) (long) v : (Object) v;
    }

    private static ObjectNode config(Options o) {
        Map<String, Object> c = new TreeMap<>();
        c.put("transformers_version", TRANSFORMERS_VERSION);
        c.put("torch_dtype", o.torchDtype());
        c.put("vocab_size", o.vocab());
        c.put("use_cache", true);
        c.put("initializer_range", 0.02);
        switch (o.arch()) {
            case GPT2 -> {
                c.put("architectures", List.of("GPT2LMHeadModel"));
                c.put("model_type", "gpt2");
                c.put("activation_function", "gelu_new");
                c.put("n_embd", o.dModel());
                c.put("n_layer", o.nLayers());
                c.put("n_head", o.nHeads());
                c.put("n_positions", o.maxPositions());
                c.put("n_ctx", o.maxPositions());
                c.put("n_inner", o.writeNInner() ? (Object) o.dMlp() : null);
                c.put("layer_norm_epsilon", o.normEps());
                c.put("bos_token_id", o.vocab() - 1);
                c.put("eos_token_id", o.vocab() - 1);
                c.put("attn_pdrop", 0.1);
                c.put("embd_pdrop", 0.1);
                c.put("resid_pdrop", 0.1);
                c.put("scale_attn_weights", true);
                c.put("scale_attn_by_inverse_layer_idx", false);
                c.put("reorder_and_upcast_attn", false);
                c.put("summary_activation", null);
                c.put("summary_first_dropout", 0.1);
                c.put("summary_proj_to_labels", true);
                c.put("summary_type", "cls_index");
                c.put("summary_use_proj", true);
            }
            case LLAMA -> {
                c.put("architectures", List.of("LlamaForCausalLM"));
                c.put("model_type", "llama");
                decoderFields(c, o);
                c.put("hidden_act", "silu");
                c.put("bos_token_id", 1);
                c.put("eos_token_id", 2);
                c.put("mlp_bias", o.mlpBias());
                c.put("pretraining_tp", 1);
                c.put("tie_word_embeddings", o.tiedEmbeddings()); // LlamaConfig's default (false) differs: written
                if (o.ropeScaling() != null) {
                    RopeScaling r = o.ropeScaling();
                    Map<String, Object> rs = new TreeMap<>();
                    rs.put("rope_type", "llama3");
                    rs.put("factor", r.factor());
                    rs.put("low_freq_factor", r.lowFreqFactor());
                    rs.put("high_freq_factor", r.highFreqFactor());
                    rs.put("original_max_position_embeddings", r.originalMaxPositionEmbeddings());
                    c.put("rope_scaling", rs);
                } else {
                    c.put("rope_scaling", null);
                }
                if (o.writeHeadDim()) {
                    c.put("head_dim", o.headDim());
                }
            }
            case GEMMA -> {
                c.put("architectures", List.of("GemmaForCausalLM"));
                c.put("model_type", "gemma");
                decoderFields(c, o);
                c.put("head_dim", o.headDim());
                c.put("pad_token_id", 0);
                c.put("eos_token_id", 1);
                c.put("bos_token_id", 2);
                c.put("rope_scaling", null);
                if (o.legacyGemmaAct()) {
                    c.put("hidden_act", "gelu");
                    c.put("hidden_activation", null);
                } else {
                    c.put("hidden_act", "gelu_pytorch_tanh");
                    c.put("hidden_activation", "gelu_pytorch_tanh");
                }
            }
            case GEMMA2 -> {
                c.put("architectures", List.of("Gemma2ForCausalLM"));
                c.put("model_type", "gemma2");
                decoderFields(c, o);
                c.put("head_dim", o.headDim());
                c.put("pad_token_id", 0);
                c.put("eos_token_id", 1);
                c.put("bos_token_id", 2);
                c.put("hidden_act", "gelu_pytorch_tanh");
                c.put("hidden_activation", "gelu_pytorch_tanh");
                c.put("query_pre_attn_scalar", number(o.queryPreAttnScalar()));
                c.put("sliding_window", o.slidingWindow());
                c.put("attn_logit_softcapping", o.attnLogitSoftcap());
                c.put("final_logit_softcapping", o.finalLogitSoftcap());
                c.put("cache_implementation", "hybrid");
            }
        }
        return JSON.valueToTree(c);
    }

    private static void decoderFields(Map<String, Object> c, Options o) {
        c.put("hidden_size", o.dModel());
        c.put("intermediate_size", o.dMlp());
        c.put("num_hidden_layers", o.nLayers());
        c.put("num_attention_heads", o.nHeads());
        c.put("num_key_value_heads", o.nKvHeads());
        c.put("max_position_embeddings", o.maxPositions());
        c.put("rms_norm_eps", o.normEps());
        c.put("rope_theta", o.ropeTheta());
        c.put("attention_bias", o.attentionBias());
        c.put("attention_dropout", 0.0);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Writing and loading
    // ------------------------------------------------------------------------------------------------------------

    public static final String SINGLE_FILE = "model.safetensors";
    public static final String INDEX_FILE = "model.safetensors.index.json";

    /** Generates and writes config.json and the weights into {@code dir} (created if missing). */
    public static Model write(Options o, Path dir) {
        Model m = generate(o);
        return new Model(dir, o, m.config(), m.weights(), m.shapes(),
                writeFiles(dir, m.config(), m.weights(), m.shapes(), o.dtype(), o.sharded()));
    }

    /** Writes config.json and the tensors (in dtype, one file or two shards plus the index); the file names. */
    static List<String> writeFiles(Path dir, ObjectNode config, Map<String, double[]> weights,
                                   Map<String, int[]> shapes, String dtype, boolean sharded) {
        try {
            Files.createDirectories(dir);
            JSON.writeValue(dir.resolve("config.json").toFile(), config);
            List<SafetensorsFile.Tensor> tensors = new ArrayList<>();
            for (Map.Entry<String, double[]> e : weights.entrySet()) {
                tensors.add(new SafetensorsFile.Tensor(e.getKey(), dtype, shapes.get(e.getKey()), e.getValue()));
            }
            Map<String, String> meta = Map.of("format", "pt");
            List<String> files;
            if (!sharded) {
                SafetensorsFile.write(dir.resolve(SINGLE_FILE), tensors, meta);
                files = List.of(SINGLE_FILE);
            } else {
                // Split in order at half the bytes; both shards non-empty.
                long total = tensors.stream().mapToLong(SafetensorsFile.Tensor::byteSize).sum();
                int cut = 0;
                long acc = 0;
                while (cut < tensors.size() - 1 && (cut == 0 || acc < total / 2)) {
                    acc += tensors.get(cut++).byteSize();
                }
                files = List.of("model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors");
                SafetensorsFile.write(dir.resolve(files.get(0)), tensors.subList(0, cut), meta);
                SafetensorsFile.write(dir.resolve(files.get(1)), tensors.subList(cut, tensors.size()), meta);
                Map<String, String> weightMap = new TreeMap<>();
                for (int i = 0; i < tensors.size(); i++) {
                    weightMap.put(tensors.get(i).name(), files.get(i < cut ? 0 : 1));
                }
                Map<String, Object> index = new LinkedHashMap<>();
                index.put("metadata", Map.of("total_size", total));
                index.put("weight_map", weightMap);
                JSON.writeValue(dir.resolve(INDEX_FILE).toFile(), index);
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a checkpoint folder back (this writer's, or any F32/BF16 HF one): config.json, then
     * model.safetensors.index.json's shards or model.safetensors. {@link Model#options()} is null.
     */
    public static Model load(Path dir) {
        try {
            ObjectNode config = (ObjectNode) JSON.readTree(dir.resolve("config.json").toFile());
            List<String> files = new ArrayList<>();
            if (Files.exists(dir.resolve(INDEX_FILE))) {
                JSON.readTree(dir.resolve(INDEX_FILE).toFile()).get("weight_map")
                        .forEach(f -> {
                            if (!files.contains(f.asText())) {
                                files.add(f.asText());
                            }
                        });
            } else {
                files.add(SINGLE_FILE);
            }
            Map<String, double[]> weights = new LinkedHashMap<>();
            Map<String, int[]> shapes = new LinkedHashMap<>();
            for (String f : files) {
                for (SafetensorsFile.Tensor t : SafetensorsFile.read(dir.resolve(f)).values()) {
                    weights.put(t.name(), t.values());
                    shapes.put(t.name(), t.shape());
                }
            }
            return new Model(dir, null, config, Collections.unmodifiableMap(weights),
                    Collections.unmodifiableMap(shapes), List.copyOf(files));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // tokenizer.json
    // ------------------------------------------------------------------------------------------------------------

    /**
     * Writes a minimal HF {@code tokenizer.json} (tokenizers' serialization, version "1.0"): a WordLevel model over
     * {@code vocab} (token i has id i), unk_token "<unk>" (must be in the vocab), pre_tokenizer WhitespaceSplit, no
     * normalizer, post_processor or decoder. Tokens written like {@code <...>} are also listed in added_tokens as
     * special tokens, so "a b c" encodes to the ids of "a", "b", "c" with nothing added around them.
     */
    public static void writeWordLevelTokenizer(Path dir, List<String> vocab) {
        if (!vocab.contains("<unk>")) {
            throw new IllegalArgumentException("the vocab needs \"<unk>\"");
        }
        if (vocab.stream().distinct().count() != vocab.size()) {
            throw new IllegalArgumentException("duplicate tokens in the vocab");
        }
        Map<String, Object> tok = new LinkedHashMap<>();
        tok.put("version", "1.0");
        tok.put("truncation", null);
        tok.put("padding", null);
        List<Map<String, Object>> added = new ArrayList<>();
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (int i = 0; i < vocab.size(); i++) {
            String t = vocab.get(i);
            ids.put(t, i);
            if (t.length() > 2 && t.startsWith("<") && t.endsWith(">")) {
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("id", i);
                a.put("content", t);
                a.put("single_word", false);
                a.put("lstrip", false);
                a.put("rstrip", false);
                a.put("normalized", false);
                a.put("special", true);
                added.add(a);
            }
        }
        tok.put("added_tokens", added);
        tok.put("normalizer", null);
        tok.put("pre_tokenizer", Map.of("type", "WhitespaceSplit"));
        tok.put("post_processor", null);
        tok.put("decoder", null);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("type", "WordLevel");
        model.put("vocab", ids);
        model.put("unk_token", "<unk>");
        tok.put("model", model);
        try {
            Files.createDirectories(dir);
            JSON.writeValue(dir.resolve("tokenizer.json").toFile(), tok);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A vocab of {@code size} tokens whose special ids match the config this class writes: Gemma/Gemma2
     * {@code <pad>=0 <eos>=1 <bos>=2 <unk>=3} (as the real Gemma vocab); Llama {@code <unk>=0 <s>=1 </s>=2};
     * GPT-2 {@code <unk>=0} and {@code <|endoftext|>} last (bos = eos = vocab - 1). The rest are "a".."z", then
     * "t26", "t27", ... numbered by position.
     */
    public static List<String> defaultVocab(Arch arch, int size) {
        List<String> v = new ArrayList<>(switch (arch) {
            case GEMMA, GEMMA2 -> List.of("<pad>", "<eos>", "<bos>", "<unk>");
            case LLAMA -> List.of("<unk>", "<s>", "</s>");
            case GPT2 -> List.of("<unk>");
        });
        int last = arch == Arch.GPT2 ? size - 1 : size;
        for (int letter = 0; v.size() < last; letter++) {
            v.add(letter < 26 ? String.valueOf((char) ('a' + letter)) : "t" + v.size());
        }
        if (arch == Arch.GPT2) {
            v.add("<|endoftext|>");
        }
        return v;
    }

    /** Reads a JSON file (config.json, tokenizer.json, index) into a tree; a convenience for tests. */
    public static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
