package dev.locus.edit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.locus.model.TrainableWeights;
import dev.locus.model.config.ParamSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weight-masking penalty as the paper's code computes it: the mean of |1 - m| over the selected entries of each
 * masked matrix, averaged over the matrices (not over all entries: a localization of many matrices is penalized as
 * much as one of few, so edit sizes compare across localizations). A matrix is one checkpoint tensor (TransformerLens'
 * W_Q, W_K, W_V, W_O, W_in, W_gate, W_out); a fused parameter (W_QKV, gate|up) holds several side by side along its
 * last axis, and a head's selection leaves the rest of its matrix out of that matrix's mean.
 */
final class MaskPenalty {
    /** Per parameter: 1 / (its matrix's selected count) on selected entries, 0 elsewhere; the mask's shape. */
    private final Map<String, NDArray> weights;
    private final int matrices;

    private MaskPenalty(Map<String, NDArray> weights, int matrices) {
        this.weights = weights;
        this.matrices = matrices;
    }

    /** The penalty over {@code masks} (by parameter name), its constant arrays in {@code state}. */
    static MaskPenalty of(Map<String, NDArray> masks, TrainableWeights selected, List<ParamSpec> specs, NDManager state) {
        Map<String, ParamSpec> byName = new LinkedHashMap<>();
        specs.forEach(s -> byName.put(s.name(), s));
        Map<String, NDArray> weights = new LinkedHashMap<>();
        int matrices = 0;
        for (Map.Entry<String, NDArray> e : masks.entrySet()) {
            Shape shape = e.getValue().getShape();
            DataType type = e.getValue().getDataType();
            try (NDManager scope = state.newSubManager()) {
                NDArray sel = selected.mask(e.getKey());
                NDArray on = sel == null ? scope.ones(shape, type) : scope.ones(shape, type).mul(sel);   // shape of mask
                NDArray weight = scope.zeros(shape, type);                                                 // shape of mask
                long start = 0;
                long width = shape.get(shape.dimension() - 1);
                for (long columns : columns(byName.get(e.getKey()), width)) {
                    float[] in = new float[Math.toIntExact(width)];
                    java.util.Arrays.fill(in, (int) start, (int) (start + columns), 1f);
                    NDArray matrix = on.mul(scope.create(in).toType(type, false));   // this matrix's selected entries
                    double count = matrix.sum().toType(DataType.FLOAT64, false).getDouble();
                    if (count > 0) {
                        weight = weight.add(matrix.div(count));
                        matrices++;
                    }
                    start += columns;
                }
                weight.attach(state);
                weights.put(e.getKey(), weight);
            }
        }
        return new MaskPenalty(weights, matrices);
    }

    /** Widths along the last axis of the matrices a parameter is made of: its spec's sources, or all of it. */
    private static long[] columns(ParamSpec spec, long width) {
        if (spec == null || spec.sources().size() < 2) {
            return new long[] {width};
        }
        long[] out = new long[spec.sources().size()];
        for (int i = 0; i < out.length; i++) {
            long[] s = spec.sources().get(i).shape();
            out[i] = spec.transpose() && s.length == 2 ? s[0] : s[s.length - 1];   // checkpoint [out, in] when transposed
        }
        return out;
    }

    /** Number of masked matrices: those with at least one selected entry. */
    int matrices() {
        return matrices;
    }

    /** The penalty of {@code masks} now, a differentiable scalar in {@code scope}; 0 when nothing is masked. */
    NDArray value(Map<String, NDArray> masks, NDManager scope) {
        NDArray sum = scope.zeros(new Shape());
        for (Map.Entry<String, NDArray> e : masks.entrySet()) {
            NDArray m = e.getValue();
            NDArray gap = scope.ones(new Shape(1), m.getDataType()).sub(m).abs();    // |1 - m|, shape of the mask
            sum = sum.add(gap.mul(weights.get(e.getKey())).sum().toType(sum.getDataType(), false));   // []
        }
        return matrices == 0 ? sum : sum.div(matrices);
    }
}
