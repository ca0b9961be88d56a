package dev.locus.localize.method;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.locus.core.LocusException;
import dev.locus.model.LocusModel;
import dev.locus.model.Transformer;
import dev.locus.model.component.Component;
import dev.locus.model.config.ModelConfig;
import dev.locus.model.hooks.ActivationCache;
import dev.locus.model.hooks.HookGradients;
import dev.locus.model.hooks.HookPoints;
import dev.locus.model.hooks.Hooks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Attribution patching (Nanda 2023; Syed, Rager and Conmy 2023), as the paper's {@code ap_wrapper}: one corrupted
 * forward with cache, one clean forward with cache and one backward of the metric; a node's score is
 * sum over prompts, positions and features of (clean - corrupted) x d metric / d clean activation: the first-order
 * estimate of how much the metric falls when that node alone is corrupted (noising). Nodes: each head's q, k, v
 * (key/value heads under grouped-query attention) and z, each MLP's input and output; every component for the cost
 * of about two forward passes and one backward pass.
 */
public final class AttributionPatching {
    /**
     * Settings.
     *
     * @param steps gradient runs per prompt: 1 is plain attribution patching (the paper's); n > 1 averages the
     *     gradient over embeddings interpolated between corrupted and clean at 1/n, 2/n, ..., 1 (integrated
     *     gradients, as EAP-IG does, Hanna et al. 2024), which follows exact patching far better where the model is
     *     saturated, for n - 1 more forward and backward passes
     * @param promptsPerChunk prompts per forward pass (bounds memory)
     */
    public record Options(Metric metric, int steps, int promptsPerChunk) {
        public static Options defaults() {
            return new Options(Metric.LOGIT_DIFF, 2, 64);
        }

        public Options {
            if (steps < 1) {
                throw new LocusException("attribution patching needs at least 1 gradient step, not " + steps);
            }
        }

        /** The interpolation points, clean (1) first: its run also caches the clean activations. */
        double[] alphas() {
            double[] a = new double[steps];
            for (int k = 0; k < steps; k++) {
                a[k] = (double) (steps - k) / steps;
            }
            return a;
        }
    }

    private final Transformer transformer;
    private final ModelConfig config;
    private final Metric metric;
    private final Options options;
    private final double[] alphas;
    private final Corruption corruption;
    private final Patching inputs;
    private final int n;
    /** The points whose activations get a gradient: each layer's q, k, v, z, MLP input and MLP output. */
    private final List<String> points = new ArrayList<>();
    /** The points cached in the clean and corrupted runs: the gradient points and the embeddings. */
    private final List<String> cached;
    /** Per gradient point, the sum over prompts, positions and features of (clean - corrupted) x gradient. */
    private final Map<String, double[]> sums = new LinkedHashMap<>();
    private double cleanSum;
    private double corruptSum;

    private AttributionPatching(LocusModel model, LocalizationSet set, Corruption corruption, Options o) {
        this.transformer = model.transformer();
        this.config = model.config();
        this.metric = o.metric();
        this.options = o;
        this.alphas = o.alphas();
        this.corruption = corruption;
        this.inputs = new Patching(model, set, corruption, metric, o.promptsPerChunk(), 1);
        this.n = set.size();
        for (int l = 0; l < config.nLayers(); l++) {
            points.addAll(List.of(HookPoints.q(l), HookPoints.k(l), HookPoints.v(l), HookPoints.z(l),
                    HookPoints.mlpIn(l), HookPoints.mlpOut(l)));
        }
        this.cached = new ArrayList<>(points);
        cached.add(HookPoints.EMBED);
    }

    public static ComponentScores run(LocusModel model, LocalizationSet set, Corruption corruption, Options o,
                                      Progress progress) {
        AttributionPatching ap = new AttributionPatching(model, set, corruption, o);
        int promptsPerChunk = o.promptsPerChunk();
        int n = set.size();
        for (int start = 0; start < n; start += promptsPerChunk) {
            Progress.checkCancelled();
            ap.runChunk(set.items().subList(start, Math.min(n, start + promptsPerChunk)), start);
            progress.update("attribution-patching", Math.min(n, start + promptsPerChunk), n);
        }
        return ap.scores();
    }

    /**
     * One chunk of prompts: the corrupted run with its cache, then a gradient run per interpolation point (the clean
     * run first, which also caches the clean activations); adds each point's attribution to {@link #sums}.
     */
    private void runChunk(List<LocalizationSet.Item> chunk, int start) {
        List<int[]> clean = chunk.stream().map(LocalizationSet.Item::ids).toList();
        List<int[]> corrupt = Arrays.asList(inputs.corruptIds(start, chunk.size()));
        try (NDManager pass = transformer.weights().manager().newSubManager()) {
            ActivationCache corrupted = new ActivationCache();
            Hooks corruptHooks = corruptHooks(pass, chunk, start).cache(corrupted, cached);
            NDArray logits = transformer.forwardLast(pass, PatchRun.batch(corrupt, 1), corruptHooks); // [batch, vocab]
            corruptSum += sum(metric.perRow(logits, chunk, 1, pass));                                  // [batch]
            ActivationCache cleanCache = new ActivationCache();
            Map<String, NDArray> gradient = new LinkedHashMap<>();   // per point, summed over the alphas; its shape
            for (double alpha : alphas) {
                gradientRun(pass, chunk, clean, alpha, corrupted, cleanCache, gradient);
            }
            addAttributions(cleanCache, corrupted, gradient);
        }
    }

    /** The hooks of the corrupted run: the noise on the subjects' embeddings, when the corruption is noise. */
    private Hooks corruptHooks(NDManager pass, List<LocalizationSet.Item> chunk, int start) {
        Hooks corruptHooks = new Hooks();
        float[][] noise = inputs.noise(chunk, start);
        if (noise != null) {
            int length = chunk.stream().mapToInt(LocalizationSet.Item::length).max().orElse(1);
            int[] offset = chunk.stream().mapToInt(it -> length - it.length()).toArray();
            NDArray added = PatchRun.noiseArray(pass, noise, offset, length, config.dModel(),
                    transformer.weights().dataType()).squeeze(0);                 // [batch, pos, d_model]
            corruptHooks.add(HookPoints.EMBED, (name, x) -> x.add(added));       // [batch, pos, d_model]
        }
        return corruptHooks;
    }

    /**
     * One forward and backward pass of the clean prompts with embeddings at {@code alpha} between corrupted (0) and
     * clean (1); adds d metric / d activation at every point to {@code gradient}. The run at alpha 1 caches the clean
     * activations into {@code cleanCache} and adds the clean metric to {@link #cleanSum}.
     */
    private void gradientRun(NDManager pass, List<LocalizationSet.Item> chunk, List<int[]> clean, double alpha,
                             ActivationCache corrupted, ActivationCache cleanCache, Map<String, NDArray> gradient) {
        Hooks hooks = new Hooks();
        if (alpha != 1) {
            NDArray a = pass.create((float) alpha).toType(transformer.weights().dataType(), false); // scalar
            NDArray from = corrupted.get(HookPoints.EMBED);                          // [batch, pos, d_model]
            NDArray delta = cleanCache.get(HookPoints.EMBED).sub(from);              // [batch, pos, d_model]
            hooks.add(HookPoints.EMBED, (name, x) -> from.add(delta.mul(a)));       // [batch, pos, d_model]
        }
        HookGradients gradients = HookGradients.at(hooks, points);
        if (alpha == 1) {
            hooks.cache(cleanCache, cached);       // the clean run doubles as the first gradient run
        }
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray logits = transformer.forwardLast(pass, PatchRun.batch(clean, 1), hooks); // [batch, vocab]
            NDArray perRow = metric.perRow(logits, chunk, 1, pass);                           // [batch]
            if (alpha == 1) {
                cleanSum += sum(perRow);
            }
            // the metric is the mean over the whole set and over the alphas, so the runs add up to it
            NDArray share = perRow.sum()                                                      // scalar
                    .div(pass.create((float) n * alphas.length).toType(perRow.getDataType(), false));
            gc.backward(share);
        }
        for (String p : points) {
            gradient.merge(p, gradients.gradient(p), NDArray::add);     // the shape of the activation at p
        }
    }

    /** Adds (clean - corrupted) x gradient at every point, summed over all but the head axis, to {@link #sums}. */
    private void addAttributions(ActivationCache cleanCache, ActivationCache corrupted, Map<String, NDArray> gradient) {
        for (String p : points) {
            // [batch, pos, head, d_head] (q, z), [batch, pos, kv_head, d_head] (k, v) or [batch, pos, d_model] (MLP)
            NDArray product = cleanCache.get(p).sub(corrupted.get(p)).mul(gradient.get(p));
            boolean perHead = product.getShape().dimension() == 4;     // [batch, pos, (kv_)head, d_head]
            NDArray reduced = perHead ? product.sum(new int[] {0, 1, 3}) : product.sum(); // [(kv_)head] or scalar
            double[] values = toDoubles(reduced);
            double[] acc = sums.computeIfAbsent(p, k -> new double[values.length]);
            for (int i = 0; i < values.length; i++) {
                acc[i] += values[i];
            }
        }
    }

    /** The component scores from {@link #sums}: a row per head (its z) and per MLP (its output), layer totals. */
    private ComponentScores scores() {
        double cleanMean = cleanSum / n;
        double corruptMean = corruptSum / n;
        double gap = cleanMean - corruptMean;
        List<ComponentScores.Row> rows = new ArrayList<>();
        Map<String, Double> layerScores = new LinkedHashMap<>();
        for (int l = 0; l < config.nLayers(); l++) {
            double attn = addHeadRows(l, gap, rows);
            double in = sums.get(HookPoints.mlpIn(l))[0];
            double out = sums.get(HookPoints.mlpOut(l))[0];
            rows.add(new ComponentScores.Row(Component.mlpId(l), l, -1, out, gap == 0 ? 0 : out / gap,
                    Map.of("in", in, "out", out)));
            layerScores.put(Component.attnId(l), attn);
            layerScores.put(Component.mlpId(l), in + out);
        }
        return new ComponentScores("attribution-patching", metric, setting(), rows, layerScores, cleanMean,
                corruptMean, List.of());
    }

    /** "subject-swap, metric logit-diff, 2 integrated-gradient steps, 8 prompts". */
    private String setting() {
        return inputs.corruptionText()
                + ", metric " + metric.text() + ", " + (options.steps() == 1 ? "plain gradients" : options.steps()
                + " integrated-gradient steps") + ", " + n + " prompts";
    }

    /**
     * Adds a row per head of layer l (scored by its z, with q, k, v and z as details) and returns the layer's whole
     * attention score: every head's q and z, and every key/value head's k and v once.
     */
    private double addHeadRows(int l, double gap, List<ComponentScores.Row> rows) {
        double[] q = sums.get(HookPoints.q(l));
        double[] k = sums.get(HookPoints.k(l));
        double[] v = sums.get(HookPoints.v(l));
        double[] z = sums.get(HookPoints.z(l));
        double attn = 0;
        for (int h = 0; h < config.nHeads(); h++) {
            int g = h / config.groupSize();
            Map<String, Double> d = new LinkedHashMap<>();
            d.put("q", q[h]);
            d.put("k", k[g]);
            d.put("v", v[g]);
            d.put("z", z[h]);
            rows.add(new ComponentScores.Row(Component.headId(l, h), l, h, z[h], gap == 0 ? 0 : z[h] / gap, d));
            attn += q[h] + z[h];
        }
        for (int g = 0; g < config.nKvHeads(); g++) {
            attn += k[g] + v[g];                       // a key/value head counts once, however many queries share it
        }
        return attn;
    }

    private static double sum(NDArray a) {
        double s = 0;
        for (double v : toDoubles(a)) {
            s += v;
        }
        return s;
    }

    private static double[] toDoubles(NDArray a) {
        return a.toType(DataType.FLOAT64, false).toDoubleArray();
    }
}
