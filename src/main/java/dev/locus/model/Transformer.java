package dev.locus.model;

import static dev.locus.model.config.ParamNames.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.LayerNorm;
import dev.locus.model.config.ModelConfig;
import dev.locus.model.hooks.HookPoints;
import dev.locus.model.hooks.Hooks;
import java.util.HashSet;
import java.util.Set;

/**
 * A decoder-only transformer written from NDArray operations, one readable forward pass for every supported
 * architecture (what differs is in {@link ModelConfig}), with a TransformerLens hook point at every
 * activation ({@link HookPoints}). Works under a {@code GradientCollector} for training and attribution.
 *
 * <p>Threading: not thread-safe; the model's own thread runs every pass. Memory: every array a pass makes
 * belongs to the {@code scope} it is given (activations are always the first operand, or the result is
 * moved there); close the scope to free them.
 */
public final class Transformer implements AutoCloseable {
    /** Added to attention scores where a key is hidden; finite so that fully hidden rows stay finite. */
    private static final float MASKED = -1e9f;
    /** {@link #MASKED} in float16, whose largest finite value is 65504. */
    private static final float MASKED_HALF = -3e4f;

    /**
     * A second path beside a linear layer's matrix, its output added to the layer's: LoRA's {@code dropout(x) A B},
     * which reads the layer's input itself (dropout on the input cannot be folded into the weight).
     */
    @FunctionalInterface
    public interface LinearPath {
        /** What to add to {@code x W} for the parameter {@code weight} ({@code x} is [..., in]), or null for nothing. */
        NDArray output(String weight, NDArray x);
    }

    private final ModelConfig config;
    private final ModelWeights weights;
    private final LinearPath path;                   // null: plain linear layers
    private final Set<String> hookNames;
    private final ForwardConstants k;
    private final ForwardConstants wide;         // k in float32 when computing in float16, else k itself
    private final SoftPrompt prompt;      // null: no virtual tokens
    private final boolean ownsWeights;

    public Transformer(ModelConfig config, ModelWeights weights) {
        this(config, weights, null);
    }

    /** With {@code path} (null: none) beside every linear layer's matrix. */
    public Transformer(ModelConfig config, ModelWeights weights, LinearPath path) {
        this.config = config;
        this.weights = weights;
        this.path = path;
        this.hookNames = new HashSet<>(HookPoints.all(config));
        this.k = new ForwardConstants(weights.manager(), weights.dataType(), config);
        this.wide = weights.dataType() == DataType.FLOAT16
                ? new ForwardConstants(weights.manager(), DataType.FLOAT32, config) : k;
        this.prompt = null;
        this.ownsWeights = true;
    }

    private Transformer(Transformer base, SoftPrompt prompt) {
        this.config = base.config;
        this.weights = base.weights;
        this.path = base.path;
        this.hookNames = base.hookNames;
        this.k = base.k;
        this.wide = base.wide;
        this.prompt = prompt;
        this.ownsWeights = false;
    }

    /**
     * This transformer with {@code prompt}'s virtual tokens in every sequence it runs (same weights; closing the view
     * frees nothing). Positions and hooks see the longer sequences.
     */
    public Transformer withSoftPrompt(SoftPrompt prompt) {
        return new Transformer(this, java.util.Objects.requireNonNull(prompt, "prompt"));
    }

    public ModelConfig config() {
        return config;
    }

    public ModelWeights weights() {
        return weights;
    }

    /** Logits for every position: [batch, pos, vocab]. */
    public NDArray forward(NDManager scope, TokenBatch tokens, Hooks hooks) {
        TokenBatch batch = prompt == null ? tokens : prompt.insertInto(tokens);
        NDArray h = finalStream(scope, batch, hooks, false);        // [batch, pos, d_model]
        return unembed(scope, h);
    }

    /** Logits at each sequence's last real token: [batch, vocab]. Cheaper when only the next token matters. */
    public NDArray forwardLast(NDManager scope, TokenBatch tokens, Hooks hooks) {
        TokenBatch batch = prompt == null ? tokens : prompt.insertInto(tokens);
        boolean lastColumn = batch.padding() == TokenBatch.Padding.LEFT || batch.isRectangular();
        if (lastColumn && hooks.names().isEmpty()) {
            // nothing watches the last layer's other positions: it runs for the last one only
            return unembed(scope, finalStream(scope, batch, hooks, true).squeeze(1));
        }
        NDArray h = finalStream(scope, batch, hooks, false);        // [batch, pos, d_model]
        NDArray last;
        if (lastColumn) {
            last = h.get(new NDIndex(":, -1, :"));            // [batch, d_model]
        } else {
            long[] idx = new long[batch.size() * config.dModel()];
            for (int b = 0; b < batch.size(); b++) {
                java.util.Arrays.fill(idx, b * config.dModel(), (b + 1) * config.dModel(), batch.lastColumn(b));
            }
            NDArray index = scope.create(idx, new Shape(batch.size(), 1, config.dModel()));
            last = h.gather(index, 1).squeeze(1);             // [batch, d_model]
        }
        return unembed(scope, last);
    }

    /**
     * What layer l's attention adds to the residual stream given its heads' outputs {@code z} [batch, pos, head,
     * d_head]: the output projection (and Gemma 2's norm after it); [batch, pos, d_model]. Path patching uses it to
     * find one head's direct contribution without running the rest of the model.
     */
    public NDArray attentionOutput(NDManager scope, int l, NDArray z) {
        Shape s = z.getShape();
        NDArray attn = linear(z.reshape(s.get(0), s.get(1), s.get(2) * s.get(3)), wO(l), bO(l));
        return config.sandwichNorms() ? norm(scope, attn, ln1PostW(l), null) : attn;
    }

    /** Layer l's norm before attention on x [batch, n, d_model] (x itself where the architecture has none). */
    public NDArray attentionNorm(NDManager scope, int l, NDArray x) {
        return preNorm(scope, x, ln1W(l), ln1B(l));
    }

    /** Logits of final residual vectors [batch, d_model]: the final norm (recomputed on x) and the unembedding. */
    public NDArray readout(NDManager scope, NDArray x) {
        return unembed(scope, norm(scope, x.expandDims(1), LN_FINAL_W, LN_FINAL_B)).squeeze(1);   // [batch, vocab]
    }

    /** Fails with the list of valid names when a hook names no hook point (a typo would otherwise do nothing). */
    public void checkHooks(Hooks hooks) {
        for (String name : hooks.names()) {
            if (!hookNames.contains(name)) {
                throw new IllegalArgumentException("unknown hook point '" + name + "'; see HookPoints.all(config)");
            }
        }
    }

    /**
     * The final residual stream after the final norm, [batch, pos, d_model]; with {@code lastOnly}, [batch, 1, d_model]
     * at the last column: the last layer's queries, output projection and MLP then run for that position only (its
     * keys and values still for all), which is exact because nothing after the last layer mixes positions.
     */
    private NDArray finalStream(NDManager scope, TokenBatch batch, Hooks hooks, boolean lastOnly) {
        checkHooks(hooks);
        int b = batch.size();
        int p = batch.length();
        Shape bp = new Shape(b, p);
        NDArray ids = scope.create(batch.ids(), bp);                              // [batch, pos]
        NDArray x = embed(ids, weights.get(EMBED));                               // [batch, pos, d_model]
        if (config.scaleEmbeddings()) {
            x = x.mul(k.embedScale);
        }
        if (prompt != null) {
            x = prompt.place(scope, x, batch, config.scaleEmbeddings() ? k.embedScale : null);
        }
        x = hooks.run(HookPoints.EMBED, x);
        NDArray positions = scope.create(batch.positions(), bp);                  // [batch, pos]
        Rotary rotary = null;
        if (config.positional() == ModelConfig.Positional.LEARNED) {
            NDArray pe = hooks.run(HookPoints.POS_EMBED, embed(positions, weights.get(POS_EMBED)));
            x = x.add(pe);
        } else {
            rotary = new Rotary(positions, config.longRopeFactorsApply(
                    java.util.Arrays.stream(batch.positions()).max().orElse(0) + 1));
        }
        NDArray fullMask = attentionMask(scope, batch, 0);                        // [batch, 1, pos, pos]
        NDArray slidingMask = config.slidingWindow() > 0 ? attentionMask(scope, batch, config.slidingWindow()) : null;

        for (int l = 0; l < config.nLayers(); l++) {
            x = hooks.run(HookPoints.residPre(l), x);
            boolean narrow = lastOnly && l == config.nLayers() - 1;
            NDArray attn = attention(l, preNorm(scope, x, ln1W(l), ln1B(l)), rotary,
                    config.isSlidingLayer(l) ? slidingMask : fullMask, hooks, narrow);    // [batch, pos, d_model]
            if (narrow) {
                x = x.get(new NDIndex(":, -1:, :"));                                   // [batch, 1, d_model]
            }
            if (config.sandwichNorms()) {
                attn = norm(scope, attn, ln1PostW(l), null);
            }
            if (config.parallelResidual()) {
                x = parallelRest(scope, l, x, attn, hooks);
                continue;
            }
            x = hooks.run(HookPoints.residMid(l), x.add(hooks.run(HookPoints.attnOut(l), attn)));
            NDArray mlpIn = hooks.run(HookPoints.mlpIn(l), x);                                   // the MLP's own copy
            NDArray mlp = mlp(l, preNorm(scope, mlpIn, ln2W(l), ln2B(l)), hooks);        // [batch, pos, d_model]
            if (config.sandwichNorms()) {
                mlp = norm(scope, mlp, ln2PostW(l), null);
            }
            x = hooks.run(HookPoints.residPost(l), x.add(hooks.run(HookPoints.mlpOut(l), mlp)));
        }
        return hooks.run(HookPoints.LN_FINAL, norm(scope, x, LN_FINAL_W, LN_FINAL_B));
    }

    /**
     * The rest of a parallel block (GPT-NeoX): the MLP reads the block's input x, not x + attention, and both outputs
     * join the residual at once. As in TransformerLens there is no resid_mid, and mlp_in is a copy of resid_pre.
     */
    private NDArray parallelRest(NDManager scope, int l, NDArray x, NDArray attn, Hooks hooks) {
        NDArray attnOut = hooks.run(HookPoints.attnOut(l), attn);
        NDArray mlpIn = hooks.run(HookPoints.mlpIn(l), x);
        NDArray mlp = hooks.run(HookPoints.mlpOut(l), mlp(l, norm(scope, mlpIn, ln2W(l), ln2B(l)), hooks));
        return hooks.run(HookPoints.residPost(l), x.add(attnOut).add(mlp));
    }

    /** With {@code lastQuery}, only the last position asks: [batch, 1, d_model]. */
    private NDArray attention(int l, NDArray h, Rotary rotary, NDArray mask, Hooks hooks, boolean lastQuery) {
        long b = h.getShape().get(0);
        long p = h.getShape().get(1);
        int nh = config.nHeads();
        int nkv = config.nKvHeads();
        int dh = config.dHead();
        NDArray qkv = linear(h, wQkv(l), bQkv(l));                               // [batch, pos, (nh + 2 nkv) dh]
        NDList parts = qkv.split(new long[] {(long) nh * dh, (long) (nh + nkv) * dh}, 2);
        NDArray q = hooks.run(HookPoints.q(l), parts.get(0).reshape(b, p, nh, dh));   // [batch, pos, head, d_head]
        NDArray kk = hooks.run(HookPoints.k(l), parts.get(1).reshape(b, p, nkv, dh)); // [batch, pos, kv_head, d_head]
        NDArray v = hooks.run(HookPoints.v(l), parts.get(2).reshape(b, p, nkv, dh));
        if (config.qkNorm() != ModelConfig.QkNorm.NONE) {
            q = qkNorm(q, qNormW(l));
            kk = qkNorm(kk, kNormW(l));
        }
        if (rotary != null) {
            q = hooks.run(HookPoints.rotQ(l), rotary.apply(q));
            kk = hooks.run(HookPoints.rotK(l), rotary.apply(kk));
        }
        if (lastQuery) {
            q = q.get(new NDIndex(":, -1:"));                                     // [batch, 1, head, d_head]
            mask = mask.get(new NDIndex(":, :, -1:, :"));                         // [batch, 1, 1, key]
        }
        long queries = q.getShape().get(1);
        q = q.transpose(0, 2, 1, 3);                                              // [batch, head, pos, d_head]
        kk = kk.transpose(0, 2, 1, 3);                                            // [batch, kv_head, pos, d_head]
        v = v.transpose(0, 2, 1, 3);
        if (nkv != nh) {
            // Query head i reads key/value head i / group, as Hugging Face's repeat_kv does.
            kk = kk.repeat(1, config.groupSize());                                // [batch, head, pos, d_head]
            v = v.repeat(1, config.groupSize());
        }
        NDArray scores = q.matMul(kk.transpose(0, 1, 3, 2)).mul(k.attnScale);   // [batch, head, q_pos, k_pos]
        if (config.attnSoftcap() > 0) {
            scores = scores.div(k.attnCap).tanh().mul(k.attnCap);
        }
        scores = hooks.run(HookPoints.attnScores(l), scores.add(mask));
        NDArray pattern = hooks.run(HookPoints.pattern(l), scores.softmax(3));   // [batch, head, q_pos, k_pos]
        NDArray z = pattern.matMul(v).transpose(0, 2, 1, 3);                      // [batch, pos, head, d_head]
        z = hooks.run(HookPoints.z(l), z);
        return linear(z.reshape(b, queries, (long) nh * dh), wO(l), bO(l));       // [batch, pos, d_model]
    }

    private NDArray mlp(int l, NDArray h, Hooks hooks) {
        NDArray pre;
        NDArray post;
        if (config.gatedMlp()) {
            NDList gateUp = linear(h, wIn(l), bIn(l)).split(2, 2);               // 2 x [batch, pos, d_mlp]
            pre = hooks.run(HookPoints.mlpPre(l), gateUp.get(0));
            NDArray up = hooks.run(HookPoints.mlpPreLinear(l), gateUp.get(1));
            post = activation(pre).mul(up);
        } else {
            pre = hooks.run(HookPoints.mlpPre(l), linear(h, wIn(l), bIn(l)));    // [batch, pos, d_mlp]
            post = activation(pre);
        }
        post = hooks.run(HookPoints.mlpPost(l), post);
        return linear(post, wOut(l), bOut(l));                                    // [batch, pos, d_model]
    }

    private NDArray activation(NDArray x) {
        switch (config.activation()) {
            case SILU:
                return x.mul(Activation.sigmoid(x));
            case GELU:
                return Activation.gelu(x);
            case RELU:
                return Activation.relu(x);
            case GELU_TANH:
                // 0.5 x (1 + tanh(u)) = x sigmoid(2u), u = sqrt(2/pi) (x + 0.044715 x^3): six operations, not ten; as
                // x (a + b x^2), not with x^3, which would leave float16's range for |x| > 40 (an infinite x^2 still
                // gives x sigmoid(+-inf) = x or 0)
                return x.mul(Activation.sigmoid(x.square().mul(k.geluCubic).add(k.geluLinear).mul(x)));
            default:
                throw new IllegalStateException(config.activation().toString());
        }
    }

    /** The norm before a sublayer, or x itself where the architecture has none (OLMo-2). */
    private NDArray preNorm(NDManager scope, NDArray x, String weight, String bias) {
        return config.preNorms() ? norm(scope, x, weight, bias) : x;
    }

    /**
     * RMSNorm of queries or keys [batch, pos, heads, d_head]: over each head's d_head values (Qwen3), or over all
     * heads' values together (OLMo-2, which normalizes the projection before splitting it into heads).
     */
    private NDArray qkNorm(NDArray x, String weight) {
        Shape s = x.getShape();
        boolean whole = config.qkNorm() == ModelConfig.QkNorm.WHOLE;
        NDArray flat = whole ? x.reshape(s.get(0), s.get(1), s.get(2) * s.get(3)) : x;   // [batch, pos, heads d_head]
        int last = flat.getShape().dimension() - 1;
        NDArray rms = flat.square().mean(new int[] {last}, true).add(k.normEps).sqrt();
        return flat.div(rms).mul(weights.get(weight)).reshape(s);
    }

    private NDArray norm(NDManager scope, NDArray x, String weight, String bias) {
        NDArray w = weights.get(weight);
        if (config.norm() == ModelConfig.NormKind.LAYER_NORM) {
            // in float16 libtorch accumulates the statistics in float32 itself
            return LayerNorm.layerNorm(x, new Shape(config.dModel()), w, weights.get(bias), (float) config.normEps())
                    .singletonOrThrow();
        }
        NDArray eps = k.normEps;
        if (k != wide) {
            // float16: x / sqrt(mean(x^2) + eps) = y / sqrt(mean(y^2) + eps / s^2) for y = x / s, s = max |x| (at least
            // 2^-10): y's squares neither overflow (|x| > 256) nor sink into float16's subnormals (|x| < 0.008), and
            // libtorch accumulates the mean in float32
            NDArray s = x.abs().max(new int[] {2}, true).maximum(k.normFloor);   // [batch, pos, 1]
            x = x.div(s);
            eps = inScope(scope, k.normEps.div(s.square()));                   // [batch, pos, 1]
        }
        NDArray rms = x.square().mean(new int[] {2}, true).add(eps).sqrt();     // [batch, pos, 1]
        return x.div(rms).mul(config.normPlusOne() ? inScope(scope, w.add(k.one)) : w);
    }

    private NDArray linear(NDArray x, String weight, String bias) {
        NDArray y = x.matMul(weights.get(weight));
        NDArray extra = path == null ? null : path.output(weight, x);
        y = extra == null ? y : y.add(extra);
        return weights.has(bias) ? y.add(weights.get(bias)) : y;
    }

    private NDArray unembed(NDManager scope, NDArray h) {
        NDArray w = weights.get(config.tiedEmbeddings() ? EMBED : UNEMBED);       // [vocab, d_model]
        NDArray logits = toWide(h.matMul(inScope(scope, w.transpose())));         // [..., vocab], float32 for losses
        if (config.finalSoftcap() > 0) {
            logits = logits.div(wide.finalCap).tanh().mul(wide.finalCap);
        }
        return logits;
    }

    /**
     * Moves a result whose first operand was a parameter into the pass's scope: DJL attaches results to the
     * first operand's manager, which for a parameter would keep it alive as long as the model.
     */
    private static NDArray inScope(NDManager scope, NDArray a) {
        a.attach(scope);
        return a;
    }

    private static NDArray embed(NDArray ids, NDArray table) {
        return ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
    }

    /** Additive mask [batch, 1, query, key]: see {@link TokenBatch#additiveMask}; {@link #MASKED} where hidden. */
    private NDArray attentionMask(NDManager scope, TokenBatch batch, int window) {
        float hidden = weights.dataType() == DataType.FLOAT16 ? MASKED_HALF : MASKED;
        return toCompute(scope.create(batch.additiveMask(window, hidden),
                new Shape(batch.size(), 1, batch.length(), batch.length())));
    }

    /** The type that holds what needs range: float32 when computing in float16, else the compute type. */
    private DataType wideType() {
        return weights.dataType() == DataType.FLOAT16 ? DataType.FLOAT32 : weights.dataType();
    }

    private NDArray toCompute(NDArray a) {
        return a.getDataType() == weights.dataType() ? a : a.toType(weights.dataType(), false);
    }

    /**
     * {@code a} in the wide type, differentiably: DJL's {@code toType} cuts the gradient (it detaches), while a product
     * with a float32 one promotes and keeps it. There is no differentiable way back down to float16 in DJL, so the
     * forward pass only ever widens on paths a gradient takes (constants such as masks and rotary tables are cast).
     */
    private NDArray toWide(NDArray a) {
        return a.getDataType() == wideType() ? a : a.mul(wide.unit);
    }

    /**
     * Rotary position embeddings (Su et al., 2021) in Hugging Face's rotate-half layout, on the first
     * {@code rotaryWidth} dimensions of each head (all of them but in GPT-NeoX and partial-rotary Phi).
     */
    private final class Rotary {
        private final NDArray cos;   // [batch, pos, 1, rotary width]
        private final NDArray sin;   // [batch, pos, 1, rotary width]

        Rotary(NDArray positions, boolean longContext) {
            // angles in the wide type: float16 holds positions above 2048 and large angles too coarsely
            NDArray angles = toWide(positions.toType(DataType.FLOAT32, false)).expandDims(2)
                    .mul(longContext ? wide.invFreqLong : wide.invFreq);          // [batch, pos, width / 2]
            NDArray both = angles.concat(angles, 2).expandDims(2);               // [batch, pos, 1, width]
            // LongRoPE scales cos and sin (so q.k) by its attention factor
            cos = toCompute(wide.ropeScale == null ? both.cos() : both.cos().mul(wide.ropeScale));
            sin = toCompute(wide.ropeScale == null ? both.sin() : both.sin().mul(wide.ropeScale));
        }

        /** x cos + rotate_half(x) sin, rotate_half(x) = [-x2, x1] over the two halves of the rotated width. */
        NDArray apply(NDArray x) {                                                 // [batch, pos, heads, d_head]
            if (config.rotaryWidth() < config.dHead()) {
                NDList rotPass = x.split(new long[] {config.rotaryWidth()}, 3);
                return turn(rotPass.get(0)).concat(rotPass.get(1), 3);
            }
            return turn(x);
        }

        private NDArray turn(NDArray x) {
            NDList halves = x.split(2, 3);
            NDArray rotated = halves.get(1).neg().concat(halves.get(0), 3);
            return x.mul(cos).add(rotated.mul(sin));
        }
    }

    @Override
    public void close() {
        if (ownsWeights) {
            weights.close();
        }
    }
}
