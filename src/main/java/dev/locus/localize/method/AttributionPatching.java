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
    private AttributionPatching() {
    }

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

    public static ComponentScores run(LocusModel model, LocalizationSet set, Corruption corruption, Options o,
                                      Progress progress) {
        Metric metric = o.metric();
        int promptsPerChunk = o.promptsPerChunk();
        double[] alphas = o.alphas();
        ModelConfig c = model.config();
        int layers = c.nLayers();
        Patching inputs = new Patching(model, set, corruption, metric, promptsPerChunk, 1);
        List<String> points = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            points.addAll(List.of(HookPoints.q(l), HookPoints.k(l), HookPoints.v(l), HookPoints.z(l),
                    HookPoints.mlpIn(l), HookPoints.mlpOut(l)));
        }
        List<String> cached = new ArrayList<>(points);
        cached.add(HookPoints.EMBED);
        Map<String, double[]> sums = new LinkedHashMap<>();
        double cleanSum = 0;
        double corruptSum = 0;
        int n = set.size();
        Transformer t = model.transformer();
        for (int start = 0; start < n; start += promptsPerChunk) {
            Progress.checkCancelled();
            List<LocalizationSet.Item> chunk = set.items().subList(start, Math.min(n, start + promptsPerChunk));
            List<int[]> clean = chunk.stream().map(LocalizationSet.Item::ids).toList();
            List<int[]> corrupt = Arrays.asList(inputs.corruptIds(start, chunk.size()));
            try (NDManager pass = t.weights().manager().newSubManager()) {
                Hooks corruptHooks = new Hooks();
                float[][] noise = inputs.noise(chunk, start);
                if (noise != null) {
                    int length = chunk.stream().mapToInt(LocalizationSet.Item::length).max().orElse(1);
                    int[] offset = chunk.stream().mapToInt(it -> length - it.length()).toArray();
                    NDArray added = PatchRun.noiseArray(pass, noise, offset, length, c.dModel(), t.weights().dataType())
                            .squeeze(0);
                    corruptHooks.add(HookPoints.EMBED, (name, x) -> x.add(added));
                }
                ActivationCache corrupted = new ActivationCache();
                corruptSum += sum(metric.perRow(t.forwardLast(pass, PatchRun.batch(corrupt, 1),
                        corruptHooks.cache(corrupted, cached)), chunk, 1, pass));
                ActivationCache cleanCache = new ActivationCache();
                Map<String, NDArray> gradient = new LinkedHashMap<>();
                for (double alpha : alphas) {
                    Hooks hooks = new Hooks();
                    if (alpha != 1) {
                        NDArray a = pass.create((float) alpha).toType(t.weights().dataType(), false);
                        NDArray from = corrupted.get(HookPoints.EMBED);
                        NDArray delta = cleanCache.get(HookPoints.EMBED).sub(from);
                        hooks.add(HookPoints.EMBED, (name, x) -> from.add(delta.mul(a)));
                    }
                    HookGradients gradients = HookGradients.at(hooks, points);
                    if (alpha == 1) {
                        hooks.cache(cleanCache, cached);       // the clean run doubles as the first gradient run
                    }
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray perRow = metric.perRow(t.forwardLast(pass, PatchRun.batch(clean, 1), hooks), chunk, 1, pass);
                        if (alpha == 1) {
                            cleanSum += sum(perRow);
                        }
                        // the metric is the mean over the whole set and over the alphas, so the runs add up to it
                        gc.backward(perRow.sum().div(pass.create((float) n * alphas.length).toType(perRow.getDataType(), false)));
                    }
                    for (String p : points) {
                        gradient.merge(p, gradients.gradient(p), NDArray::add);
                    }
                }
                for (String p : points) {
                    NDArray product = cleanCache.get(p).sub(corrupted.get(p)).mul(gradient.get(p));
                    boolean perHead = product.getShape().dimension() == 4;     // [batch, pos, head, d_head]
                    NDArray reduced = perHead ? product.sum(new int[] {0, 1, 3}) : product.sum();
                    double[] values = toDoubles(reduced);
                    double[] acc = sums.computeIfAbsent(p, k -> new double[values.length]);
                    for (int i = 0; i < values.length; i++) {
                        acc[i] += values[i];
                    }
                }
            }
            progress.update("attribution-patching", Math.min(n, start + promptsPerChunk), n);
        }
        double cleanMean = cleanSum / n;
        double corruptMean = corruptSum / n;
        double gap = cleanMean - corruptMean;
        List<ComponentScores.Row> rows = new ArrayList<>();
        Map<String, Double> layerScores = new LinkedHashMap<>();
        for (int l = 0; l < layers; l++) {
            double[] q = sums.get(HookPoints.q(l));
            double[] k = sums.get(HookPoints.k(l));
            double[] v = sums.get(HookPoints.v(l));
            double[] z = sums.get(HookPoints.z(l));
            double attn = 0;
            for (int h = 0; h < c.nHeads(); h++) {
                int g = h / c.groupSize();
                Map<String, Double> d = new LinkedHashMap<>();
                d.put("q", q[h]);
                d.put("k", k[g]);
                d.put("v", v[g]);
                d.put("z", z[h]);
                rows.add(new ComponentScores.Row(Component.headId(l, h), l, h, z[h], gap == 0 ? 0 : z[h] / gap, d));
                attn += q[h] + z[h];
            }
            for (int g = 0; g < c.nKvHeads(); g++) {
                attn += k[g] + v[g];                       // a key/value head counts once, however many queries share it
            }
            double in = sums.get(HookPoints.mlpIn(l))[0];
            double out = sums.get(HookPoints.mlpOut(l))[0];
            rows.add(new ComponentScores.Row(Component.mlpId(l), l, -1, out, gap == 0 ? 0 : out / gap,
                    Map.of("in", in, "out", out)));
            layerScores.put(Component.attnId(l), attn);
            layerScores.put(Component.mlpId(l), in + out);
        }
        String setting = corruption.kind().text() + (corruption.isNoise() ? String.format(" (std %.4g)", inputs.noiseStd()) : "")
                + ", metric " + metric.text() + ", " + (o.steps() == 1 ? "plain gradients" : o.steps()
                + " integrated-gradient steps") + ", " + n + " prompts";
        return new ComponentScores("attribution-patching", metric, setting, rows, layerScores, cleanMean, corruptMean,
                List.of());
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
