package dev.locus.model.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the forward pass needs to know about one model, in one architecture-neutral object (the
 * TransformerLens habit of a single documented config). Adapters build it from each architecture's
 * {@code config.json}; {@link #builder()} builds it for random models (benchmarks, the demo model).
 *
 * @param architecture the Hugging Face class name, e.g. {@code LlamaForCausalLM}
 * @param nLayers transformer blocks
 * @param dModel residual stream width
 * @param nHeads query heads per layer
 * @param nKvHeads key/value heads per layer (fewer than nHeads: grouped-query attention)
 * @param dHead width of one head (Gemma sets it explicitly, so nHeads * dHead may differ from dModel)
 * @param dMlp hidden width of the MLP
 * @param vocabSize tokens in the vocabulary
 * @param maxPositions longest sequence the positional scheme supports
 * @param norm LayerNorm (GPT-2) or RMSNorm (Llama family)
 * @param normEps epsilon inside the norm
 * @param normPlusOne Gemma's RMSNorm multiplies by (1 + w) instead of w
 * @param positional learned absolute positions (GPT-2) or rotary embeddings
 * @param ropeTheta rotary base
 * @param ropeScaling rotary frequency scaling (Llama 3.1 style), or null
 * @param scaleEmbeddings Gemma multiplies token embeddings by sqrt(dModel)
 * @param gatedMlp act(x W_gate) * (x W_up) then W_down, instead of act(x W_in) W_out
 * @param activation the MLP nonlinearity
 * @param attnScale multiplier of q.k (1/sqrt(dHead), or Gemma 2's query_pre_attn_scalar^-1/2)
 * @param attnSoftcap Gemma 2: scores become cap * tanh(scores / cap); 0 means none
 * @param finalSoftcap Gemma 2: the same for the output logits; 0 means none
 * @param slidingWindow keys this far back or further are hidden on the sliding layers (a query at i sees keys
 *        j with i - j < window); 0 means none
 * @param sandwichNorms Gemma 2: attention and MLP outputs are normalized again before the residual add
 * @param tiedEmbeddings the unembedding is the transposed token embedding
 * @param attnBias q, k, v and o projections have biases (o only when attnOutBias too)
 * @param mlpBias MLP projections have biases
 * @param rotaryDim leading dimensions of each head that rotary embeddings turn (GPT-NeoX's rotary_pct, Phi's
 *        partial_rotary_factor); the rest pass unchanged; 0 means the whole head
 * @param parallelResidual GPT-NeoX: attention and MLP both read the block's input, x + attn(ln1(x)) + mlp(ln2(x));
 *        there is no resid_mid (as in TransformerLens)
 * @param attnOutBias with attnBias, the o projection has a bias too; Qwen2 biases q, k and v only
 * @param qkNorm RMSNorm of q and k before rotary embeddings: none, per head (Qwen3) or over the whole projection
 *        (OLMo-2)
 * @param preNorms the residual stream is normalized before attention and before the MLP; OLMo-2 normalizes only
 *        the sublayers' outputs (with sandwichNorms)
 * @param slidingLayers the layers that use the sliding window, ascending (empty when slidingWindow is 0): Gemma 2
 *        the even layers, Mistral every layer, Qwen2 those from max_window_layers on
 */
public record ModelConfig(
        String architecture,
        int nLayers,
        int dModel,
        int nHeads,
        int nKvHeads,
        int dHead,
        int dMlp,
        int vocabSize,
        int maxPositions,
        NormKind norm,
        double normEps,
        boolean normPlusOne,
        Positional positional,
        double ropeTheta,
        RopeScaling ropeScaling,
        boolean scaleEmbeddings,
        boolean gatedMlp,
        Activation activation,
        double attnScale,
        double attnSoftcap,
        double finalSoftcap,
        int slidingWindow,
        boolean sandwichNorms,
        boolean tiedEmbeddings,
        boolean attnBias,
        boolean mlpBias,
        int rotaryDim,
        boolean parallelResidual,
        boolean attnOutBias,
        QkNorm qkNorm,
        boolean preNorms,
        List<Integer> slidingLayers) {

    /** How the residual stream is normalized. */
    public enum NormKind { LAYER_NORM, RMS_NORM }

    /** Whether and how queries and keys are RMS-normalized before rotary embeddings. */
    public enum QkNorm {
        NONE,
        /** One norm of width dHead applied to every head (Qwen3). */
        PER_HEAD,
        /** One norm over all heads' q (and one over all k heads), before the split into heads (OLMo-2). */
        WHOLE
    }

    /** How positions enter the model. */
    public enum Positional { LEARNED, ROTARY }

    /** MLP nonlinearities, named as in Hugging Face configs. */
    public enum Activation {
        /** x * sigmoid(x) ("silu"). */
        SILU,
        /** Exact erf GELU ("gelu"). */
        GELU,
        /** Tanh-approximated GELU ("gelu_new", "gelu_pytorch_tanh"). */
        GELU_TANH,
        RELU;

        /** Maps a Hugging Face activation name; null when unknown. */
        public static Activation fromHf(String name) {
            switch (name) {
                case "silu": case "swish": return SILU;
                case "gelu": return GELU;
                case "gelu_new": case "gelu_pytorch_tanh": case "gelu_fast": return GELU_TANH;
                case "relu": return RELU;
                default: return null;
            }
        }
    }

    /**
     * Llama 3.1's rotary frequency scaling ({@code rope_type: llama3}), plain linear scaling (all frequencies
     * divided by {@code factor}), or Phi-3's LongRoPE ({@code longrope}: frequency i divided by
     * {@code shortFactor[i]}, or by {@code longFactor[i]} once a sequence runs past {@code originalMaxPositions};
     * cos and sin times {@code attentionFactor}).
     */
    public record RopeScaling(String type, double factor, double lowFreqFactor, double highFreqFactor,
                              int originalMaxPositions, double[] shortFactor, double[] longFactor,
                              double attentionFactor) {
        /** Linear or llama3 scaling (no LongRoPE factors). */
        public RopeScaling(String type, double factor, double lowFreqFactor, double highFreqFactor,
                           int originalMaxPositions) {
            this(type, factor, lowFreqFactor, highFreqFactor, originalMaxPositions, null, null, 1);
        }

        /** LongRoPE with its per-frequency factors. */
        public static RopeScaling longRope(int originalMaxPositions, double[] shortFactor, double[] longFactor,
                                           double attentionFactor) {
            return new RopeScaling("longrope", 1, 0, 0, originalMaxPositions, shortFactor.clone(),
                    longFactor.clone(), attentionFactor);
        }

        public boolean isLongRope() {
            return "longrope".equals(type);
        }
    }

    public ModelConfig {
        if (nKvHeads <= 0 || nHeads % nKvHeads != 0) {
            throw new IllegalArgumentException("nHeads " + nHeads + " is not a multiple of nKvHeads " + nKvHeads);
        }
        if (positional == Positional.ROTARY && dHead % 2 != 0) {
            throw new IllegalArgumentException("rotary embeddings need an even head width, got " + dHead);
        }
        if (rotaryDim < 0 || rotaryDim > dHead || rotaryDim % 2 != 0) {
            throw new IllegalArgumentException("rotaryDim must be even and within the head (" + dHead + "), got "
                    + rotaryDim);
        }
        qkNorm = qkNorm == null ? QkNorm.NONE : qkNorm;
        slidingLayers = slidingWindow > 0 && slidingLayers != null ? slidingLayers.stream().sorted().distinct().toList()
                : List.of();
        for (int l : slidingLayers) {
            if (l < 0 || l >= nLayers) {
                throw new IllegalArgumentException("sliding layer " + l + " is not a layer of " + nLayers);
            }
        }
    }

    /** Query heads that share one key/value head. */
    public int groupSize() {
        return nHeads / nKvHeads;
    }

    /** Whether layer {@code layer} uses the sliding window (see {@link #slidingLayers()}). */
    public boolean isSlidingLayer(int layer) {
        return slidingWindow > 0 && slidingLayers.contains(layer);
    }

    /** Every layer, for architectures whose window applies everywhere (Mistral, Phi-3). */
    public static List<Integer> allLayers(int nLayers) {
        return java.util.stream.IntStream.range(0, nLayers).boxed().toList();
    }

    /** Gemma 2's sliding layers: the even ones. */
    public static List<Integer> evenLayers(int nLayers) {
        List<Integer> even = new ArrayList<>();
        for (int l = 0; l < nLayers; l += 2) {
            even.add(l);
        }
        return even;
    }

    /**
     * Whether LongRoPE's long factors apply to a sequence of {@code length} positions (max(position_ids) + 1, as
     * transformers' longrope update measures it): past the original context. False without LongRoPE.
     */
    public boolean longRopeFactorsApply(long length) {
        return ropeScaling != null && ropeScaling.isLongRope() && length > ropeScaling.originalMaxPositions();
    }

    /** How many leading dimensions of each head rotary embeddings turn. */
    public int rotaryWidth() {
        return rotaryDim > 0 ? rotaryDim : dHead;
    }

    /**
     * Rotary inverse frequencies, one per pair of rotated dimensions: theta^(-2i/rotaryWidth), scaled as
     * {@link #ropeScaling()} says (Hugging Face's {@code _compute_llama3_parameters}).
     */
    public double[] ropeInverseFrequencies() {
        return ropeInverseFrequencies(false);
    }

    /**
     * The same for a sequence that runs past LongRoPE's original context ({@code beyondOriginal}: the long factors,
     * as transformers' longrope update picks them when max(position_ids) + 1 exceeds it); other scalings ignore it.
     */
    public double[] ropeInverseFrequencies(boolean beyondOriginal) {
        int width = rotaryWidth();
        int half = width / 2;
        double[] inv = new double[half];
        for (int i = 0; i < half; i++) {
            inv[i] = 1.0 / Math.pow(ropeTheta, (2.0 * i) / width);
        }
        if (ropeScaling == null) {
            return inv;
        }
        if (ropeScaling.isLongRope()) {
            double[] ext = beyondOriginal ? ropeScaling.longFactor() : ropeScaling.shortFactor();
            for (int i = 0; i < half; i++) {
                inv[i] /= ext[i];
            }
            return inv;
        }
        if ("linear".equals(ropeScaling.type())) {
            for (int i = 0; i < half; i++) {
                inv[i] /= ropeScaling.factor();
            }
            return inv;
        }
        // llama3: long wavelengths are slowed by `factor`, short ones kept, a smooth blend between.
        double lowWavelen = ropeScaling.originalMaxPositions() / ropeScaling.lowFreqFactor();
        double highWavelen = ropeScaling.originalMaxPositions() / ropeScaling.highFreqFactor();
        for (int i = 0; i < half; i++) {
            double wavelen = 2 * Math.PI / inv[i];
            if (wavelen > lowWavelen) {
                inv[i] = inv[i] / ropeScaling.factor();
            } else if (wavelen >= highWavelen) {
                double smooth = (ropeScaling.originalMaxPositions() / wavelen - ropeScaling.lowFreqFactor())
                        / (ropeScaling.highFreqFactor() - ropeScaling.lowFreqFactor());
                inv[i] = (1 - smooth) * inv[i] / ropeScaling.factor() + smooth * inv[i];
            }
        }
        return inv;
    }

    /** Parameters of one layer's attention (q, k, v, o, their biases and the q/k norms). */
    public long attentionParameters() {
        long qkv = (long) dModel * (nHeads + 2L * nKvHeads) * dHead;
        long o = (long) nHeads * dHead * dModel;
        long bias = attnBias ? (long) (nHeads + 2L * nKvHeads) * dHead + (attnOutBias ? dModel : 0) : 0;
        long norms = switch (qkNorm) {
            case NONE -> 0;
            case PER_HEAD -> 2L * dHead;
            case WHOLE -> (long) (nHeads + nKvHeads) * dHead;
        };
        return qkv + o + bias + norms;
    }

    /** Parameters of one layer's MLP (gate, up, down or in, out, and their biases). */
    public long mlpParameters() {
        long weights = (long) dModel * dMlp * (gatedMlp ? 3 : 2);
        long bias = mlpBias ? (long) dMlp * (gatedMlp ? 2 : 1) + dModel : 0;
        return weights + bias;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with Llama-style defaults; set what differs. */
    public static final class Builder {
        private String architecture = "LlamaForCausalLM";
        private int nLayers = 2;
        private int dModel = 64;
        private int nHeads = 4;
        private int nKvHeads = -1;
        private int dHead = -1;
        private int dMlp = -1;
        private int vocabSize = 100;
        private int maxPositions = 2048;
        private NormKind norm = NormKind.RMS_NORM;
        private double normEps = 1e-5;
        private boolean normPlusOne;
        private Positional positional = Positional.ROTARY;
        private double ropeTheta = 10000;
        private RopeScaling ropeScaling;
        private boolean scaleEmbeddings;
        private boolean gatedMlp = true;
        private Activation activation = Activation.SILU;
        private double attnScale = -1;
        private double attnSoftcap;
        private double finalSoftcap;
        private int slidingWindow;
        private boolean sandwichNorms;
        private boolean tiedEmbeddings;
        private boolean attnBias;
        private boolean mlpBias;
        private int rotaryDim;
        private boolean parallelResidual;
        private Boolean attnOutBias;                  // null: as attnBias
        private QkNorm qkNorm = QkNorm.NONE;
        private boolean preNorms = true;
        private List<Integer> slidingLayers;          // null: Gemma 2's even layers

        public Builder architecture(String v) { architecture = v; return this; }
        public Builder nLayers(int v) { nLayers = v; return this; }
        public Builder dModel(int v) { dModel = v; return this; }
        public Builder nHeads(int v) { nHeads = v; return this; }
        public Builder nKvHeads(int v) { nKvHeads = v; return this; }
        public Builder dHead(int v) { dHead = v; return this; }
        public Builder dMlp(int v) { dMlp = v; return this; }
        public Builder vocabSize(int v) { vocabSize = v; return this; }
        public Builder maxPositions(int v) { maxPositions = v; return this; }
        public Builder norm(NormKind v) { norm = v; return this; }
        public Builder normEps(double v) { normEps = v; return this; }
        public Builder normPlusOne(boolean v) { normPlusOne = v; return this; }
        public Builder positional(Positional v) { positional = v; return this; }
        public Builder ropeTheta(double v) { ropeTheta = v; return this; }
        public Builder ropeScaling(RopeScaling v) { ropeScaling = v; return this; }
        public Builder scaleEmbeddings(boolean v) { scaleEmbeddings = v; return this; }
        public Builder gatedMlp(boolean v) { gatedMlp = v; return this; }
        public Builder activation(Activation v) { activation = v; return this; }
        public Builder attnScale(double v) { attnScale = v; return this; }
        public Builder attnSoftcap(double v) { attnSoftcap = v; return this; }
        public Builder finalSoftcap(double v) { finalSoftcap = v; return this; }
        public Builder slidingWindow(int v) { slidingWindow = v; return this; }
        public Builder sandwichNorms(boolean v) { sandwichNorms = v; return this; }
        public Builder tiedEmbeddings(boolean v) { tiedEmbeddings = v; return this; }
        public Builder attnBias(boolean v) { attnBias = v; return this; }
        public Builder mlpBias(boolean v) { mlpBias = v; return this; }
        public Builder rotaryDim(int v) { rotaryDim = v; return this; }
        public Builder parallelResidual(boolean v) { parallelResidual = v; return this; }
        public Builder attnOutBias(boolean v) { attnOutBias = v; return this; }
        public Builder qkNorm(QkNorm v) { qkNorm = v; return this; }
        public Builder preNorms(boolean v) { preNorms = v; return this; }
        /** The layers that slide (with {@link #slidingWindow(int)}); unset: the even layers, as Gemma 2. */
        public Builder slidingLayers(List<Integer> v) { slidingLayers = v; return this; }

        public ModelConfig build() {
            int kv = nKvHeads > 0 ? nKvHeads : nHeads;
            int head = dHead > 0 ? dHead : dModel / nHeads;
            int mlp = dMlp > 0 ? dMlp : 4 * dModel;
            double scale = attnScale > 0 ? attnScale : 1.0 / Math.sqrt(head);
            return new ModelConfig(architecture, nLayers, dModel, nHeads, kv, head, mlp, vocabSize, maxPositions,
                    norm, normEps, normPlusOne, positional, ropeTheta, ropeScaling, scaleEmbeddings, gatedMlp,
                    activation, scale, attnSoftcap, finalSoftcap, slidingWindow, sandwichNorms, tiedEmbeddings,
                    attnBias, mlpBias, rotaryDim, parallelResidual, attnOutBias != null ? attnOutBias : attnBias, qkNorm,
                    preNorms, slidingLayers != null ? slidingLayers : evenLayers(nLayers));
        }
    }
}
