package dev.locus.localize.circuit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.locus.model.LocusModel;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.ArrayList;
import java.util.List;

/**
 * Exact patching of edges on one chunk of prompts. The corrupted run's upstream outputs are cached once; then each pass
 * runs several copies of the clean prompts, copy c with its own set of patched edges: a patched edge's downstream input
 * reads the corrupted output of its upstream node instead of the output the copy itself computes (input += corrupted
 * - current), everything else as the model computes it (Hanna et al. 2024's edge patching, which also measures
 * circuits: patch every edge outside the circuit).
 */
final class EdgePatchRun implements AutoCloseable {
    private final LocusModel model;
    private final CircuitLayout layout;
    private final CircuitInputs inputs;
    private final HeadMatrices heads;
    private final int from;
    private final int to;
    private final NDManager cache;
    private final NDArray corruptOut;      // [U, items, pos, d]
    private final double[] clean;
    private final double[] corrupt;

    EdgePatchRun(LocusModel model, CircuitInputs inputs, HeadMatrices heads, int from, int to) {
        this.model = model;
        this.layout = CircuitLayout.of(model.config());
        this.inputs = inputs;
        this.heads = heads;
        this.from = from;
        this.to = to;
        this.cache = model.transformer().weights().manager().newSubManager();
        try (NDManager pass = cache.newSubManager()) {
            SplitInputs record = new SplitInputs(model.transformer(), layout, heads, pass, (f, c, o) -> null);
            NDArray logits = model.transformer().forwardLast(pass, inputs.corrupt(from, to, 1),
                    record.install(inputs.noise(pass, from, to, 1)));
            corrupt = inputs.metric(logits, from, to, 1, pass);
            NDArray out = record.outputs(layout.upstreamCount());
            out.attach(cache);
            corruptOut = out;
            clean = inputs.metric(model.transformer().forwardLast(pass, inputs.clean(from, to, 1),
                    dev.locus.model.hooks.Hooks.none()), from, to, 1, pass);
        }
    }

    int items() {
        return to - from;
    }

    /** The tokens one copy of the chunk runs: items x the longest prompt. */
    int tokensPerCopy() {
        return items() * CircuitInputs.length(inputs.chunk(from, to));
    }

    double[] clean() {
        return clean;
    }

    double[] corrupt() {
        return corrupt;
    }

    /**
     * The metric of every copy and item, [copy][item]; copy c patches the edges whose entry in {@code patched.get(c)}
     * ([upstream * downstreamCount + downstream]) is true.
     */
    double[][] run(List<boolean[]> patched) {
        int copies = patched.size();
        try (NDManager pass = cache.newSubManager()) {
            SplitInputs split = new SplitInputs(model.transformer(), layout, heads, pass,
                    (first, count, outputs) -> shift(pass, patched, first, count, outputs));
            NDArray logits = model.transformer().forwardLast(pass, inputs.clean(from, to, copies),
                    split.install(new dev.locus.model.hooks.Hooks()));
            double[] m = inputs.metric(logits, from, to, copies, pass);
            double[][] out = new double[copies][items()];
            for (int c = 0; c < copies; c++) {
                System.arraycopy(m, c * items(), out[c], 0, items());
            }
            return out;
        }
    }

    /**
     * sum over patched edges u -> v of (corrupted - current output of u), for inputs [first, first + count); only the
     * upstream nodes some copy patches here are read (exact patching: one per copy).
     */
    private NDArray shift(NDManager pass, List<boolean[]> patched, int first, int count, SplitInputs outputs) {
        int copies = patched.size();
        int readers = layout.readers(first);
        int nd = layout.downstreamCount();
        List<Integer> used = new ArrayList<>();
        for (int u = 0; u < readers; u++) {
            if (anyPatched(patched, u * nd + first, count)) {
                used.add(u);
            }
        }
        if (used.isEmpty()) {
            return null;
        }
        int k = used.size();
        float[] m = new float[copies * count * k];                // [copy, input, used upstream]
        for (int c = 0; c < copies; c++) {
            for (int i = 0; i < count; i++) {
                for (int j = 0; j < k; j++) {
                    m[(c * count + i) * k + j] = patched.get(c)[used.get(j) * nd + first + i] ? 1f : 0f;
                }
            }
        }
        Shape s = corruptOut.getShape();                           // [U, items, pos, d]
        long items = s.get(1);
        long pos = s.get(2);
        long d = s.get(3);
        try (NDManager tmp = pass.newSubManager()) {           // the differences are large: free them at once
            NDList current = new NDList();
            NDList cached = new NDList();
            for (int u : used) {
                NDArray mine = outputs.output(u);                  // [copies * items, pos, d]: a view
                mine.attach(tmp);
                current.add(mine);
                NDArray view = corruptOut.get(u);                  // made in the cache's manager: move it
                view.attach(tmp);
                cached.add(view);
            }
            NDArray diff = NDArrays.stack(cached).expandDims(1)                            // [k, 1, items, pos, d]
                    .sub(NDArrays.stack(current).reshape(k, copies, items, pos, d))        // [k, copies, items, pos, d]
                    .transpose(1, 0, 2, 3, 4).reshape(copies, k, items * pos * d);
            NDArray weights = tmp.create(m, new Shape(copies, count, k)).toType(diff.getDataType(), false);
            NDArray out = weights.matMul(diff).reshape(copies, count, items, pos, d)      // [copies, count, items, pos, d]
                    .transpose(0, 2, 3, 1, 4).reshape(copies * items, pos, count, d);
            out.attach(pass);
            return out;
        }
    }

    /** Whether some copy patches one of the entries [from, from + count) of its mask. */
    private static boolean anyPatched(List<boolean[]> patched, int from, int count) {
        for (boolean[] p : patched) {
            for (int i = from; i < from + count; i++) {
                if (p[i]) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void close() {
        cache.close();
    }
}
