package dev.locus.localize.circuit;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.locus.localize.method.Progress;
import dev.locus.model.LocusModel;
import dev.locus.model.hooks.HookPoints;
import dev.locus.model.hooks.Hooks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Edge attribution patching (Syed, Rager and Conmy 2023) and its integrated-gradient form EAP-IG (Hanna, Pezzelle and
 * Belinkov 2024): the score of the edge u -> v is (clean - corrupted output of u) . d metric / d (v's input), summed over
 * prompts, positions and features, the gradient taken in the clean run (EAP) or averaged over runs whose embeddings lie
 * between corrupted and clean at 1/n, 2/n, ..., 1 (EAP-IG, n steps). Every edge at once: one corrupted forward, n
 * forward and backward passes with split inputs ({@link SplitInputs}), and one product [upstream, b p d] x [b p d,
 * downstream] per chunk of prompts; per position class the same product over that class's positions only.
 */
final class EdgeAttribution {
    private final LocusModel model;
    private final CircuitLayout layout;
    private final CircuitInputs inputs;
    private final HeadMatrices heads;
    private final int steps;
    private final boolean perPosition;
    private final int n;
    private final Map<String, double[]> sums = new LinkedHashMap<>();
    private double cleanSum;
    private double corruptSum;

    private EdgeAttribution(LocusModel model, CircuitInputs inputs, HeadMatrices heads, int steps, boolean perPosition) {
        this.model = model;
        this.layout = CircuitLayout.of(model.config());
        this.inputs = inputs;
        this.heads = heads;
        this.steps = steps;
        this.perPosition = perPosition;
        this.n = inputs.set().size();
    }

    /** Edge scores by position ({@link EdgeScores#ALL}, then each class when {@code perPosition}). */
    static Map<String, EdgeScores> run(LocusModel model, CircuitInputs inputs, HeadMatrices heads, int steps,
                                       boolean perPosition, int promptsPerPass, Progress progress) {
        EdgeAttribution a = new EdgeAttribution(model, inputs, heads, steps, perPosition);
        String stage = steps == 1 ? "eap" : "eap-ig";
        for (int from = 0; from < a.n; from += promptsPerPass) {
            Progress.checkCancelled();
            int to = Math.min(a.n, from + promptsPerPass);
            a.chunk(from, to);
            progress.update(stage, to, a.n);
        }
        Map<String, EdgeScores> out = new LinkedHashMap<>();
        String setting = inputs.setting() + ", " + (steps == 1 ? "plain gradients" : steps + " integrated-gradient steps")
                + ", " + a.n + " prompts";
        a.sums.forEach((position, s) -> out.put(position, new EdgeScores(a.layout, stage, setting,
                inputs.metric().text(), position, a.cleanSum / a.n, a.corruptSum / a.n, s)));
        return out;
    }

    private void chunk(int from, int to) {
        try (NDManager pass = model.transformer().weights().manager().newSubManager()) {
            SplitInputs corrupt = new SplitInputs(model.transformer(), layout, heads, pass, none());
            NDArray logits = model.transformer().forwardLast(pass, inputs.corrupt(from, to, 1),
                    corrupt.install(inputs.noise(pass, from, to, 1)));
            corruptSum += sum(inputs.metric(logits, from, to, 1, pass));
            NDArray corruptOut = corrupt.outputs(layout.upstreamCount()).stopGradient();     // [U, b, p, d]
            NDArray corruptEmbed = corruptOut.get(0);                                          // [b, p, d]
            NDArray cleanOut = null;
            NDArray gradient = null;                                                           // [V, b, p, d]
            for (int k = steps; k >= 1; k--) {
                double alpha = (double) k / steps;
                NDArray[] runOut = new NDArray[1];
                NDArray g = gradientRun(pass, from, to, alpha, corruptEmbed, cleanOut, runOut);
                gradient = gradient == null ? g : gradient.add(g);
                if (cleanOut == null) {
                    cleanOut = runOut[0];
                }
            }
            NDArray delta = cleanOut.sub(corruptOut);                                          // [U, b, p, d]
            long u = delta.getShape().get(0);
            long v = gradient.getShape().get(0);
            add(EdgeScores.ALL, delta.reshape(u, -1).matMul(gradient.reshape(v, -1).transpose()));   // [U, V]
            if (perPosition) {
                List<String> labels = inputs.positionLabels();
                for (int c = 0; c < labels.size(); c++) {
                    NDArray mask = inputs.positionMask(pass, from, to, c, gradient.getDataType());     // [b, p, 1]
                    add(labels.get(c), delta.reshape(u, -1).matMul(gradient.mul(mask).reshape(v, -1).transpose()));
                }
            }
        }
    }

    /**
     * One forward and backward pass of the clean prompts with embeddings at alpha between corrupted (0) and clean (1);
     * returns d metric / d input at every downstream input, [V, b, p, d], already divided by the prompts and steps.
     * The run at alpha 1 (the first) stores the clean upstream outputs in {@code cleanOut[0]} and the clean metric.
     */
    private NDArray gradientRun(NDManager pass, int from, int to, double alpha, NDArray corruptEmbed,
                                NDArray cleanOutputs, NDArray[] cleanOut) {
        Hooks hooks = new Hooks();
        if (alpha != 1) {
            // clean - (1 - alpha)(clean - corrupted): the embeddings node also holds learned position embeddings
            // (GPT-2), the same in both runs, so the difference is the token embeddings' alone
            NDArray back = pass.create((float) (1 - alpha)).toType(model.transformer().weights().dataType(), false);
            NDArray delta = cleanOutputs.get(0).sub(corruptEmbed);                             // [b, p, d]
            hooks.add(HookPoints.EMBED, (name, x) -> x.sub(delta.mul(back)));
        }
        GradientShift probes = new GradientShift(pass);
        SplitInputs split = new SplitInputs(model.transformer(), layout, heads, pass, probes);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray logits = model.transformer().forwardLast(pass, inputs.clean(from, to, 1), split.install(hooks));
            NDArray rows = inputs.metricRows(logits, from, to, pass);                           // [b]
            if (alpha == 1) {
                cleanSum += sum(CircuitInputs.toDoubles(rows));
                cleanOut[0] = split.outputs(layout.upstreamCount()).stopGradient();
            }
            gc.backward(rows.sum().div(pass.create((float) n * steps).toType(rows.getDataType(), false)));
        }
        return probes.gradients();
    }

    private void add(String position, NDArray uv) {
        double[] values = CircuitInputs.toDoubles(uv);                 // [U * V], row-major
        double[] acc = sums.computeIfAbsent(position, p -> {
            double[] s = EdgeScores.unscored(layout);
            for (int v = 0; v < layout.downstreamCount(); v++) {
                for (int u = 0; u < layout.readers(v); u++) {
                    s[u * layout.downstreamCount() + v] = 0;
                }
            }
            return s;
        });
        int nd = layout.downstreamCount();
        for (int v = 0; v < nd; v++) {
            for (int u = 0; u < layout.readers(v); u++) {
                acc[u * nd + v] += values[u * nd + v];
            }
        }
    }

    /** No shift: the corrupted run only records. */
    private static SplitInputs.Shift none() {
        return (first, count, outputs) -> null;
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    /** A zero shift that asks for a gradient at every downstream input: its gradient is d metric / d input. */
    private static final class GradientShift implements SplitInputs.Shift {
        private final NDManager pass;
        private final List<NDArray> zeros = new ArrayList<>();    // in downstream order, [b, p, count, d]

        GradientShift(NDManager pass) {
            this.pass = pass;
        }

        @Override
        public NDArray shift(int first, int count, SplitInputs outputs) {
            NDArray resid = outputs.outputs(1);                                     // [1, b, p, d]: the shape
            ai.djl.ndarray.types.Shape s = resid.getShape();
            NDArray zero = pass.zeros(new ai.djl.ndarray.types.Shape(s.get(1), s.get(2), count, s.get(3)),
                    resid.getDataType());
            zero.setRequiresGradient(true);
            zeros.add(zero);
            return zero;
        }

        /** [V, b, p, d]: each input's gradient, in downstream order. */
        NDArray gradients() {
            List<NDArray> parts = new ArrayList<>();
            for (NDArray z : zeros) {
                parts.add(z.getGradient().transpose(2, 0, 1, 3));                   // [count, b, p, d]
            }
            return NDArrays.concat(new NDList(parts), 0);
        }
    }
}
