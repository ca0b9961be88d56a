package dev.locus.localize.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.locus.model.TokenBatch;
import dev.locus.model.Transformer;
import dev.locus.model.hooks.ActivationCache;
import dev.locus.model.hooks.HookPoints;
import dev.locus.model.hooks.Hooks;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Exact patching on one chunk of prompts: runs them clean and corrupted once, caching the patched hook points, then
 * runs many patched variants per forward pass. Each {@link Unit} is one variant: a set of sites (hook point, head,
 * positions) whose activation is taken from the other run. The batch holds {@code k} copies of the chunk, copy j
 * patched as unit j says; a 0/1 mask per hook point picks the rows, positions and heads to replace.
 *
 * <p>Memory: the caches and the noise live in this run's scope (close it); each patched pass has its own.
 */
public final class PatchRun implements AutoCloseable {
    /** One site: hook point, head (-1: all of the point) and position class (-1: every real position). */
    record Site(String hook, int head, int positionClass) {
    }

    /** One patched variant: its sites all take the other run's activation. */
    record Unit(String label, List<Site> sites) {
    }

    private final Transformer model;
    private final NDManager scope;
    private final List<LocalizationSet.Item> items;
    private final List<int[]> clean;
    private final List<int[]> corrupt;
    private final int length;
    private final int[] offset;          // left padding of each item
    private final PositionClasses classes;
    private final int firstItem;         // index of items.get(0) in the whole set (for classes)
    private final Metric metric;
    private final NDArray noise;         // [1, items, pos, d_model] or null
    private final ActivationCache cleanCache = new ActivationCache();
    private final ActivationCache corruptCache = new ActivationCache();
    private final Map<String, NDArray> expanded = new HashMap<>();
    private final double[] cleanMetric;
    private final double[] corruptMetric;

    /**
     * @param noise per item, [length x d_model] values to add to its embeddings (zero off the subject), or null
     * @param points hook points that units will patch
     */
    PatchRun(Transformer model, NDManager parent, List<LocalizationSet.Item> items, int firstItem, int[][] corruptIds,
             float[][] noise, PositionClasses classes, Metric metric, Collection<String> points) {
        this.model = model;
        this.scope = parent.newSubManager();
        this.items = items;
        this.firstItem = firstItem;
        this.classes = classes;
        this.metric = metric;
        this.clean = new ArrayList<>();
        this.corrupt = new ArrayList<>();
        int max = 0;
        for (int i = 0; i < items.size(); i++) {
            clean.add(items.get(i).ids());
            corrupt.add(corruptIds[i]);
            max = Math.max(max, items.get(i).length());
        }
        this.length = max;
        this.offset = new int[items.size()];
        for (int i = 0; i < items.size(); i++) {
            offset[i] = max - items.get(i).length();
        }
        this.noise = noise == null ? null : noiseArray(noise);
        Set<String> cached = new LinkedHashSet<>(points);
        this.cleanMetric = cachedRun(clean, new Hooks(), cleanCache, cached);
        this.corruptMetric = cachedRun(corrupt, addNoise(new Hooks(), 1), corruptCache, cached);
    }

    /** Runs once with the cache, keeping only the cached arrays (the pass's other arrays are freed). */
    private double[] cachedRun(List<int[]> ids, Hooks hooks, ActivationCache cache, Set<String> points) {
        try (NDManager pass = scope.newSubManager()) {
            // logits [items, vocab] -> the metric of each item
            double[] values = metricValues(model.forwardLast(pass, batch(ids, 1), hooks.cache(cache, points)), 1);
            cache.asMap().values().forEach(a -> a.attach(scope));
            return values;
        }
    }

    double[] cleanMetric() {
        return cleanMetric;
    }

    double[] corruptMetric() {
        return corruptMetric;
    }

    int size() {
        return items.size();
    }

    /**
     * The metric of every item under every unit, [unit][item]: {@code denoise} runs the corrupted prompts with the
     * sites restored from the clean run; otherwise the clean prompts with the sites taken from the corrupted run.
     */
    double[][] run(List<Unit> units, boolean denoise, int unitsPerPass, Runnable afterPass) {
        double[][] out = new double[units.size()][];
        for (int start = 0; start < units.size(); start += unitsPerPass) {
            Progress.checkCancelled();
            List<Unit> group = units.subList(start, Math.min(units.size(), start + unitsPerPass));
            try (NDManager pass = scope.newSubManager()) {
                Hooks hooks = denoise ? addNoise(new Hooks(), group.size()) : new Hooks();
                ActivationCache source = denoise ? cleanCache : corruptCache;
                for (Map.Entry<String, float[]> e : masks(group).entrySet()) {
                    String point = e.getKey();
                    NDArray mask = pass.create(e.getValue(), maskShape(point, group.size()))
                            .toType(model.weights().dataType(), false);        // [units, items, pos, (head,) 1]
                    NDArray keep = mask.neg().add(1);                           // [units, items, pos, (head,) 1]
                    NDArray src = expandedSource(source, point);                // [1, items, pos, (head,) d]
                    Shape split = maskShape(point, group.size());   // x [units * items, ...] as [units, items, ...]
                    // x where the mask is 0, the source where it is 1, in x's shape
                    hooks.add(point, (name, x) -> x.reshape(withLast(split, x.getShape().get(x.getShape().dimension() - 1)))
                            .mul(keep).add(mask.mul(src)).reshape(x.getShape()));
                }
                // logits [units * items, vocab] -> the metric of each copy of each item, unit by unit
                double[] values = metricValues(model.forwardLast(pass, batch(denoise ? corrupt : clean, group.size()), hooks),
                        group.size());
                for (int u = 0; u < group.size(); u++) {
                    double[] row = new double[items.size()];
                    System.arraycopy(values, u * items.size(), row, 0, items.size());
                    out[start + u] = row;
                }
            }
            afterPass.run();
        }
        return out;
    }

    /** Whether class {@code c} has any position in item {@code i} of this chunk. */
    boolean hasPositions(int i, int c) {
        return c < 0 || classes.positions()[firstItem + i][c].length > 0;
    }

    /** For each hook point the units touch, the flat 0/1 mask over [unit, item, pos, (head)]. */
    private Map<String, float[]> masks(List<Unit> group) {
        Map<String, float[]> out = new LinkedHashMap<>();
        int n = items.size();
        for (int u = 0; u < group.size(); u++) {
            for (Site s : group.get(u).sites()) {
                int heads = perHead(s.hook()) ? model.config().nHeads() : 1;
                float[] m = out.computeIfAbsent(s.hook(), k -> new float[group.size() * n * length * heads]);
                for (int i = 0; i < n; i++) {
                    int[] positions = s.positionClass() < 0 ? null : classes.positions()[firstItem + i][s.positionClass()];
                    int from = offset[i];
                    int count = positions == null ? length - from : positions.length;
                    for (int q = 0; q < count; q++) {
                        int p = positions == null ? from + q : from + positions[q];
                        int base = ((u * n + i) * length + p) * heads;
                        if (s.head() < 0) {
                            java.util.Arrays.fill(m, base, base + heads, 1f);
                        } else {
                            m[base + s.head()] = 1f;
                        }
                    }
                }
            }
        }
        return out;
    }

    /** [units, items, pos, (head,) 1]: broadcasts over the activation's last axis. */
    private Shape maskShape(String point, int units) {
        return perHead(point) ? new Shape(units, items.size(), length, model.config().nHeads(), 1)
                : new Shape(units, items.size(), length, 1);
    }

    private static Shape withLast(Shape s, long last) {
        long[] dims = s.getShape();
        dims[dims.length - 1] = last;
        return new Shape(dims);
    }

    /** Per-head points ([batch, pos, head, d_head]): the query heads' z and q; sites elsewhere take whole arrays. */
    private static boolean perHead(String point) {
        return point.endsWith(".attn.hook_z") || point.endsWith(".attn.hook_q");
    }

    /** The cached activation with a leading axis of one, to broadcast over the unit copies. */
    private NDArray expandedSource(ActivationCache source, String point) {
        return expanded.computeIfAbsent((source == cleanCache ? "clean:" : "corrupt:") + point,
                k -> source.get(point).expandDims(0));                  // [1, items, pos, (head,) d]
    }

    private Hooks addNoise(Hooks hooks, int copies) {
        if (noise != null) {
            // x [copies * items, pos, d_model] as [copies, items, pos, d_model], plus noise [1, items, pos, d_model]
            hooks.add(HookPoints.EMBED, (name, x) -> x.reshape(withFirst(noise.getShape(), copies)).add(noise)
                    .reshape(x.getShape()));
        }
        return hooks;
    }

    private static Shape withFirst(Shape s, long first) {
        long[] dims = s.getShape();
        dims[0] = first;
        return new Shape(dims);
    }

    private NDArray noiseArray(float[][] perItem) {
        return noiseArray(scope, perItem, offset, length, model.config().dModel(), model.weights().dataType());
    }

    /** Per-item noise [length_i x d] laid out as a left-padded batch, [1, items, length, d]. */
    public static NDArray noiseArray(NDManager m, float[][] perItem, int[] offset, int length, int d, DataType type) {
        float[] flat = new float[perItem.length * length * d];
        for (int i = 0; i < perItem.length; i++) {
            System.arraycopy(perItem[i], 0, flat, (i * length + offset[i]) * d, perItem[i].length);
        }
        return m.create(flat, new Shape(1, perItem.length, length, d)).toType(type, false); // [1, items, pos, d]
    }

    /** {@code copies} copies of {@code ids} one after the other, left-padded. */
    public static TokenBatch batch(List<int[]> ids, int copies) {
        List<int[]> rows = new ArrayList<>(ids.size() * copies);
        for (int c = 0; c < copies; c++) {
            rows.addAll(ids);
        }
        return TokenBatch.of(rows, TokenBatch.Padding.LEFT, 0);
    }

    private double[] metricValues(NDArray lastLogits, int copies) {
        NDArray m = metric.perRow(lastLogits, items, copies, lastLogits.getManager());  // [copies * items]
        float[] f = m.toType(DataType.FLOAT32, false).toFloatArray();
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = f[i];
        }
        return out;
    }

    @Override
    public void close() {
        scope.close();
    }
}
