package dev.locus.localize.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.locus.core.LocusException;
import dev.locus.model.LocusModel;
import dev.locus.model.Transformer;
import dev.locus.model.component.Component;
import dev.locus.model.hooks.ActivationCache;
import dev.locus.model.hooks.HookPoints;
import dev.locus.model.hooks.Hooks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Path patching as the paper's CounterFact FLU (src/docs/paper.md §3.1), denoising: (1) each head's clean output
 * minus its corrupted output, added to the corrupted run's final residual at the last position only (its direct
 * path to the logits; the final norm is recomputed on the patched residual, as a TransformerLens receiver at the
 * last {@code resid_post} does); the top heads by |effect| are the extraction heads; (2) each MLP before the earliest
 * extraction head's layer after layer 0, its clean minus corrupted output added to that layer's {@code resid_pre} at every
 * position, everything after it recomputed; (3) FLU: the MLPs whose |normalized effect| passes a threshold. Effects
 * are metric(patched) - metric(corrupted); normalized divides by metric(clean) - metric(corrupted), with the
 * paper's metric the logit difference (true minus the mean of the other candidates: CounterFact's true minus false
 * target).
 */
public final class PathPatching {
    public static final String METHOD = "path-patching";

    /**
     * Settings.
     *
     * @param topHeads extraction heads (the paper: 10)
     * @param mlpThreshold an MLP joins FLU when its |normalized effect| exceeds it (the paper: 0.02)
     * @param minHeadEffect a head is an extraction head only when its |normalized direct effect| reaches this, so that
     *     heads that move nothing do not set the layer (none reaching it: the MLPs are patched into the final
     *     residual); 0 takes the top heads whatever their size, as the paper's code does
     * @param promptsPerChunk prompts whose activations are held at once
     * @param tokensPerPass bounds each patched pass (batch rows x length)
     */
    public record Options(Metric metric, int topHeads, double mlpThreshold, double minHeadEffect, int promptsPerChunk,
            int tokensPerPass) {
        public static Options defaults() {
            return new Options(Metric.LOGIT_DIFF, 10, 0.02, 0.01, 32, 4096);
        }

        public Options {
            if (topHeads < 1) {
                throw new LocusException("path patching: top heads must be at least 1, not " + topHeads);
            }
            if (!(mlpThreshold >= 0) || !(minHeadEffect >= 0)) {
                throw new LocusException("path patching: thresholds must be 0 or more");
            }
        }

        public Options withTopHeads(int n) {
            return new Options(metric, n, mlpThreshold, minHeadEffect, promptsPerChunk, tokensPerPass);
        }

        public Options withMlpThreshold(double t) {
            return new Options(metric, topHeads, t, minHeadEffect, promptsPerChunk, tokensPerPass);
        }

        public Options withMetric(Metric m) {
            return new Options(m, topHeads, mlpThreshold, minHeadEffect, promptsPerChunk, tokensPerPass);
        }

        public Options withPromptsPerChunk(int n) {
            return new Options(metric, topHeads, mlpThreshold, minHeadEffect, n, tokensPerPass);
        }
    }

    /**
     * What it found.
     *
     * @param scores a row per head (direct effect on the logits) and per MLP (effect through {@code resid_pre} of
     *     {@code layerToPatch}; 0 for MLPs at or after it, which were not patched)
     * @param extractionHeads head ids, strongest first
     * @param layerToPatch the layer whose {@code resid_pre} received the MLPs ({@code nLayers}: the final residual)
     * @param receiver where the MLPs were patched, in words
     * @param flu the MLP ids past the threshold, in layer order
     */
    public record Result(ComponentScores scores, List<String> extractionHeads, int layerToPatch, String receiver,
            List<String> flu) {
    }

    private final Transformer model;
    private final LocalizationSet set;
    private final Patching inputs;
    private final Options o;
    private final int layers;
    private final int heads;
    private double cleanSum;
    private double corruptSum;

    private PathPatching(LocusModel model, LocalizationSet set, Corruption corruption, Options o) {
        this.model = model.transformer();
        this.set = set;
        this.o = o;
        this.inputs = new Patching(model, set, corruption, o.metric(), o.promptsPerChunk(), o.tokensPerPass());
        this.layers = model.config().nLayers();
        this.heads = model.config().nHeads();
    }

    public static Result run(LocusModel model, LocalizationSet set, Corruption corruption, Options o, Progress progress) {
        PathPatching p = new PathPatching(model, set, corruption, o);
        int n = set.size();
        double[] headSums = new double[p.layers * p.heads];
        for (int start = 0; start < n; start += o.promptsPerChunk()) {
            Progress.checkCancelled();
            p.headChunk(start, Math.min(n, start + o.promptsPerChunk()), headSums);
            progress.update(METHOD + " heads", Math.min(n, start + o.promptsPerChunk()), n);
        }
        double clean = p.cleanSum / n;
        double corrupted = p.corruptSum / n;
        double gap = clean - corrupted;
        List<ComponentScores.Row> rows = new ArrayList<>();
        for (int l = 0; l < p.layers; l++) {
            for (int h = 0; h < p.heads; h++) {
                double effect = headSums[l * p.heads + h] / n;
                rows.add(new ComponentScores.Row(Component.headId(l, h), l, h, effect, gap == 0 ? 0 : effect / gap,
                        Map.of()));
            }
        }
        List<ComponentScores.Row> extraction = rows.stream()
                .filter(r -> Math.abs(r.normalized()) >= o.minHeadEffect() && r.normalized() != 0)
                .sorted(Comparator.comparingDouble((ComponentScores.Row r) -> -Math.abs(r.score())))
                .limit(o.topHeads()).toList();
        // A layer-0 head reads only token embeddings: no MLP output can reach it, so it cannot move what an MLP looked
        // up. The MLPs are patched into the earliest extraction layer after 0 (with one-token subjects, as Sports
        // World's cities, a layer-0 head is often among the top ten, and the paper's rule would leave no MLP to test).
        int target = extraction.stream().mapToInt(ComponentScores.Row::layer).filter(l -> l > 0).min().orElse(p.layers);
        double[] mlpSums = new double[target];
        for (int start = 0; start < n && target > 0; start += o.promptsPerChunk()) {
            Progress.checkCancelled();
            p.mlpChunk(start, Math.min(n, start + o.promptsPerChunk()), target, mlpSums);
            progress.update(METHOD + " MLPs", Math.min(n, start + o.promptsPerChunk()), n);
        }
        List<String> flu = new ArrayList<>();
        List<ComponentScores.Row> all = new ArrayList<>();
        for (int l = 0; l < p.layers; l++) {
            all.addAll(rows.subList(l * p.heads, (l + 1) * p.heads));
            double effect = l < target ? mlpSums[l] / n : 0;
            double normalized = gap == 0 ? 0 : effect / gap;
            all.add(new ComponentScores.Row(Component.mlpId(l), l, -1, effect, normalized,
                    Map.of("patched", l < target ? 1.0 : 0.0)));
            if (l < target && Math.abs(normalized) > o.mlpThreshold()) {
                flu.add(Component.mlpId(l));
            }
        }
        List<String> headIds = extraction.stream().map(ComponentScores.Row::component).toList();
        String receiver = target < p.layers ? "resid_pre of layer " + target : "the final residual";
        String setting = String.format(Locale.ROOT, "%s, denoising, metric %s; heads -> logits (direct path, final norm"
                + " recomputed); extraction heads %s; MLPs -> %s; FLU: |normalized| > %.3g; %d prompts",
                p.inputs.corruptionText(), o.metric().text(), headIds.isEmpty() ? "none" : String.join(" ", headIds),
                receiver, o.mlpThreshold(), n);
        ComponentScores scores = new ComponentScores(METHOD, o.metric(), setting, all,
                ComponentScores.summedByLayer(all, p.layers), clean, corrupted, List.of());
        return new Result(scores, headIds, target, receiver, flu);
    }

    /**
     * Items [from, to): each head's direct effect, summed over the items into {@code sums} [layer * heads + head]. The
     * patched logits need only the corrupted final residual plus the head's change to its layer's output at the last
     * position: no other layer runs.
     */
    private void headChunk(int from, int to, double[] sums) {
        List<LocalizationSet.Item> chunk = set.items().subList(from, to);
        int n = chunk.size();
        List<String> points = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            points.add(HookPoints.z(l));
        }
        String last = HookPoints.residPost(layers - 1);
        try (NDManager pass = model.weights().manager().newSubManager()) {
            ActivationCache clean = new ActivationCache();
            ActivationCache corrupt = new ActivationCache();
            double[] c = metric(model.forwardLast(pass, PatchRun.batch(ids(chunk), 1), new Hooks().cache(clean, points)),
                    chunk, 1, pass);
            List<String> withFinal = new ArrayList<>(points);
            withFinal.add(last);
            double[] x = metric(model.forwardLast(pass, PatchRun.batch(Arrays.asList(inputs.corruptIds(from, n)), 1),
                    noiseHooks(pass, chunk, from, 1).cache(corrupt, withFinal)), chunk, 1, pass);
            for (int i = 0; i < n; i++) {
                cleanSum += c[i];
                corruptSum += x[i];
            }
            NDArray finalCorrupt = corrupt.get(last).get(new NDIndex(":, -1, :"));          // [items, d_model]
            long vocab = model.config().vocabSize();
            int group = (int) Math.max(1, Math.min(heads, (1L << 25) / Math.max(1, n * vocab)));
            for (int l = 0; l < layers; l++) {
                NDArray zc = clean.get(HookPoints.z(l)).get(new NDIndex(":, -1:, :, :"));   // [items, 1, head, d_head]
                NDArray zx = corrupt.get(HookPoints.z(l)).get(new NDIndex(":, -1:, :, :")); // [items, 1, head, d_head]
                NDArray base = model.attentionOutput(pass, l, zx);                           // [items, 1, d_model]
                for (int h0 = 0; h0 < heads; h0 += group) {
                    int g = Math.min(group, heads - h0);
                    float[] onehot = new float[g * heads];
                    for (int k = 0; k < g; k++) {
                        onehot[k * heads + h0 + k] = 1;
                    }
                    // copy k of the items with head h0 + k clean: [g, items, 1, head, d_head]
                    NDArray mask = pass.create(onehot, new Shape(g, 1, 1, heads, 1)).toType(zx.getDataType(), false);
                    NDArray patched = zx.expandDims(0).mul(mask.neg().add(1)).add(zc.expandDims(0).mul(mask))
                            .reshape(new Shape((long) g * n, 1, heads, zx.getShape().get(3)));
                    NDArray delta = model.attentionOutput(pass, l, patched)                 // [g * items, 1, d_model]
                            .reshape(g, n, -1).sub(base.reshape(1, n, -1));                 // [g, items, d_model]
                    NDArray resid = delta.add(finalCorrupt.expandDims(0)).reshape(g * n, -1); // [g * items, d_model]
                    double[] patchedMetric = metric(model.readout(pass, resid), chunk, g, pass);
                    for (int k = 0; k < g; k++) {
                        for (int i = 0; i < n; i++) {
                            sums[l * heads + h0 + k] += patchedMetric[k * n + i] - x[i];
                        }
                    }
                }
            }
        }
    }

    /**
     * Items [from, to): each MLP m < target, its clean minus corrupted output added to {@code resid_pre} of
     * {@code target} (the final residual when target is the layer count) in the corrupted run; sums the effects.
     */
    private void mlpChunk(int from, int to, int target, double[] sums) {
        List<LocalizationSet.Item> chunk = set.items().subList(from, to);
        int n = chunk.size();
        List<String> points = new ArrayList<>();
        for (int m = 0; m < target; m++) {
            points.add(HookPoints.mlpOut(m));
        }
        String receiver = target < layers ? HookPoints.residPre(target) : HookPoints.residPost(layers - 1);
        List<int[]> corruptIds = Arrays.asList(inputs.corruptIds(from, n));
        int length = chunk.stream().mapToInt(LocalizationSet.Item::length).max().orElse(1);
        int perPass = Math.max(1, o.tokensPerPass() / (n * length));
        try (NDManager cache = model.weights().manager().newSubManager()) {
            ActivationCache clean = new ActivationCache();
            ActivationCache corrupt = new ActivationCache();
            double[] x;
            try (NDManager pass = cache.newSubManager()) {
                model.forwardLast(pass, PatchRun.batch(ids(chunk), 1), new Hooks().cache(clean, points));
                x = metric(model.forwardLast(pass, PatchRun.batch(corruptIds, 1),
                        noiseHooks(pass, chunk, from, 1).cache(corrupt, points)), chunk, 1, pass);
                clean.asMap().values().forEach(a -> a.attach(cache));
                corrupt.asMap().values().forEach(a -> a.attach(cache));
            }
            for (int m0 = 0; m0 < target; m0 += perPass) {
                Progress.checkCancelled();
                int g = Math.min(perPass, target - m0);
                try (NDManager pass = cache.newSubManager()) {
                    List<NDArray> deltas = new ArrayList<>();
                    for (int m = m0; m < m0 + g; m++) {
                        NDArray d = clean.get(HookPoints.mlpOut(m)).sub(corrupt.get(HookPoints.mlpOut(m))); // [items, pos, d]
                        d.attach(pass);
                        deltas.add(d);
                    }
                    NDArray add = NDArrays.stack(new NDList(deltas));                          // [g, items, pos, d]
                    Hooks hooks = noiseHooks(pass, chunk, from, g).add(receiver,
                            (name, r) -> r.reshape(add.getShape()).add(add).reshape(r.getShape()));
                    double[] patched = metric(model.forwardLast(pass, PatchRun.batch(corruptIds, g), hooks), chunk, g, pass);
                    for (int k = 0; k < g; k++) {
                        for (int i = 0; i < n; i++) {
                            sums[m0 + k] += patched[k * n + i] - x[i];
                        }
                    }
                }
            }
        }
    }

    /** The corrupted run's noise on the subjects' embeddings, for {@code copies} copies of the chunk (none for tokens). */
    private Hooks noiseHooks(NDManager pass, List<LocalizationSet.Item> chunk, int from, int copies) {
        Hooks hooks = new Hooks();
        float[][] noise = inputs.noise(chunk, from);
        if (noise != null) {
            int length = chunk.stream().mapToInt(LocalizationSet.Item::length).max().orElse(1);
            int[] offset = chunk.stream().mapToInt(it -> length - it.length()).toArray();
            NDArray added = PatchRun.noiseArray(pass, noise, offset, length, model.config().dModel(),
                    model.weights().dataType());                                         // [1, items, pos, d_model]
            Shape split = new Shape(copies, chunk.size(), length, model.config().dModel());
            hooks.add(HookPoints.EMBED, (name, e) -> e.reshape(split).add(added).reshape(e.getShape()));
        }
        return hooks;
    }

    private static List<int[]> ids(List<LocalizationSet.Item> chunk) {
        return chunk.stream().map(LocalizationSet.Item::ids).toList();
    }

    private double[] metric(NDArray logits, List<LocalizationSet.Item> chunk, int copies, NDManager pass) {
        float[] f = o.metric().perRow(logits, chunk, copies, pass).toType(DataType.FLOAT32, false).toFloatArray();
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = f[i];
        }
        return out;
    }
}
