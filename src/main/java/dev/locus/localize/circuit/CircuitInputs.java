package dev.locus.localize.circuit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.locus.localize.method.Corruption;
import dev.locus.localize.method.LocalizationSet;
import dev.locus.localize.method.Metric;
import dev.locus.localize.method.PatchRun;
import dev.locus.localize.method.Patching;
import dev.locus.localize.method.PositionClasses;
import dev.locus.model.LocusModel;
import dev.locus.model.TokenBatch;
import dev.locus.model.hooks.HookPoints;
import dev.locus.model.hooks.Hooks;
import java.util.Arrays;
import java.util.List;

/**
 * The prompts of a circuit run and their corruption, chunk by chunk, as the node-level methods make them ({@link
 * Patching}): clean and corrupted batches of {@code copies} copies of a chunk (left-padded, copy-major), the noise on the
 * subjects' embeddings when the corruption is noise, the metric per row, and masks of position classes.
 */
final class CircuitInputs {
    private final LocusModel model;
    private final LocalizationSet set;
    private final Metric metric;
    private final Patching patching;

    CircuitInputs(LocusModel model, LocalizationSet set, Corruption corruption, Metric metric) {
        this.model = model;
        this.set = set;
        this.metric = metric;
        this.patching = new Patching(model, set, corruption, metric, Math.max(1, set.size()), 1);
    }

    LocalizationSet set() {
        return set;
    }

    Metric metric() {
        return metric;
    }

    /** "subject-swap, metric logit-diff". */
    String setting() {
        return patching.corruptionText() + ", metric " + metric.text();
    }

    List<LocalizationSet.Item> chunk(int from, int to) {
        return set.items().subList(from, to);
    }

    TokenBatch clean(int from, int to, int copies) {
        return PatchRun.batch(chunk(from, to).stream().map(LocalizationSet.Item::ids).toList(), copies);
    }

    TokenBatch corrupt(int from, int to, int copies) {
        return PatchRun.batch(Arrays.asList(patching.corruptIds(from, to - from)), copies);
    }

    /** Hooks that add the corruption's noise to the subjects' embeddings of {@code copies} copies (none for tokens). */
    Hooks noise(NDManager pass, int from, int to, int copies) {
        Hooks hooks = new Hooks();
        List<LocalizationSet.Item> chunk = chunk(from, to);
        float[][] noise = patching.noise(chunk, from);
        if (noise != null) {
            int length = length(chunk);
            int[] offset = chunk.stream().mapToInt(it -> length - it.length()).toArray();
            int d = model.config().dModel();
            NDArray added = PatchRun.noiseArray(pass, noise, offset, length, d, model.transformer().weights().dataType());
            Shape split = new Shape(copies, chunk.size(), length, d);                 // added: [1, items, pos, d]
            hooks.add(HookPoints.EMBED, (name, e) -> e.reshape(split).add(added).reshape(e.getShape()));
        }
        return hooks;
    }

    /** The metric of each row of the last-position logits [copies * items, vocab], as doubles. */
    double[] metric(NDArray logits, int from, int to, int copies, NDManager pass) {
        return toDoubles(metric.perRow(logits, chunk(from, to), copies, pass));
    }

    /** The differentiable metric per row, [copies * items]. */
    NDArray metricRows(NDArray logits, int from, int to, NDManager pass) {
        return metric.perRow(logits, chunk(from, to), 1, pass);
    }

    /** The position classes' labels ({@link PositionClasses}). */
    List<String> positionLabels() {
        return patching.classes().labels();
    }

    /** 1 where an item's padded position belongs to class c, [items, pos, 1]. */
    NDArray positionMask(NDManager pass, int from, int to, int c, DataType type) {
        List<LocalizationSet.Item> chunk = chunk(from, to);
        int length = length(chunk);
        float[] mask = new float[chunk.size() * length];
        for (int i = 0; i < chunk.size(); i++) {
            int offset = length - chunk.get(i).length();
            for (int p : patching.classes().positions()[from + i][c]) {
                mask[i * length + offset + p] = 1f;
            }
        }
        return pass.create(mask, new Shape(chunk.size(), length, 1)).toType(type, false);
    }

    static int length(List<LocalizationSet.Item> chunk) {
        return chunk.stream().mapToInt(LocalizationSet.Item::length).max().orElse(1);
    }

    static double[] toDoubles(NDArray a) {
        return a.toType(DataType.FLOAT64, false).toDoubleArray();
    }
}
