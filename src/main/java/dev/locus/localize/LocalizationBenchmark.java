package dev.locus.localize;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.locus.localize.method.ActivationPatching;
import dev.locus.localize.method.AttributionPatching;
import dev.locus.localize.method.CausalTracing;
import dev.locus.localize.method.Corruption;
import dev.locus.localize.method.LocalizationSet;
import dev.locus.localize.method.Metric;
import dev.locus.localize.method.PatchRun;
import dev.locus.localize.method.Progress;
import dev.locus.model.LocusModel;
import dev.locus.model.Transformer;
import dev.locus.model.hooks.HookGradients;
import dev.locus.model.hooks.HookPoints;
import dev.locus.model.hooks.Hooks;
import java.util.Arrays;
import java.util.List;

/**
 * What localization costs on a set of prompts, against the cost of one forward and backward pass over the same
 * prompts (the unit the attribution-patching target is stated in). Each figure is the median of a few runs after a
 * warm-up run.
 *
 * @param prompts prompts in the set
 * @param components heads plus MLPs scored
 * @param forwardBackwardSeconds one forward pass and one backward pass of the metric (gradients at the residual
 *     stream, so that the backward pass reaches every layer, as attribution patching's does)
 * @param plainAttributionSeconds attribution patching with one gradient step (the paper's)
 * @param attributionSeconds attribution patching with the default two integrated-gradient steps
 * @param exactSeconds exact activation patching of every component (noising)
 * @param tracingSeconds causal tracing: the layer x position heatmap for three sites plus the component scores
 */
public record LocalizationBenchmark(int prompts, int components, double forwardBackwardSeconds,
        double plainAttributionSeconds, double attributionSeconds, double exactSeconds, double tracingSeconds) {

    private static final int RUNS = 3;

    public static LocalizationBenchmark run(LocusModel model, LocalizationSet set, boolean withTracing) {
        Corruption swap = Corruption.parse("subject-swap", null, 0);
        double fb = median(() -> forwardBackward(model.transformer(), set));
        double plain = median(() -> AttributionPatching.run(model, set, swap,
                new AttributionPatching.Options(Metric.LOGIT_DIFF, 1, set.size()), Progress.NONE));
        double ap = median(() -> AttributionPatching.run(model, set, swap,
                new AttributionPatching.Options(Metric.LOGIT_DIFF, 2, set.size()), Progress.NONE));
        double exact = median(() -> ActivationPatching.run(model, set, swap, ActivationPatching.Options.defaults(),
                Progress.NONE));
        double tracing = withTracing ? median(() -> CausalTracing.run(model, set, Corruption.parse("noise", "3sd", 0),
                CausalTracing.Options.defaults(), Progress.NONE)) : Double.NaN;
        int components = model.config().nLayers() * (model.config().nHeads() + 1);
        return new LocalizationBenchmark(set.size(), components, fb, plain, ap, exact, tracing);
    }

    /** Attribution patching time over one forward + backward pass (target: at most 3). */
    public double attributionRatio() {
        return attributionSeconds / forwardBackwardSeconds;
    }

    public double plainAttributionRatio() {
        return plainAttributionSeconds / forwardBackwardSeconds;
    }

    /** Components exactly patched per second, each over every prompt of the set. */
    public double exactComponentsPerSecond() {
        return components / exactSeconds;
    }

    /** One forward pass and one backward pass of the metric over the set (the unit localization costs are stated in). */
    public static void forwardBackward(Transformer t, LocalizationSet set) {
        List<int[]> ids = set.items().stream().map(LocalizationSet.Item::ids).toList();
        try (NDManager pass = t.weights().manager().newSubManager()) {
            Hooks hooks = new Hooks();
            HookGradients g = HookGradients.at(hooks, List.of(HookPoints.residPre(0)));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray m = Metric.LOGIT_DIFF.perRow(t.forwardLast(pass, PatchRun.batch(ids, 1), hooks), set.items(), 1, pass);
                gc.backward(m.sum());
            }
            g.gradient(HookPoints.residPre(0)).sum().getFloat();   // waits for the backward pass to finish
        }
    }

    /** Seconds of the median of a few runs after one warm-up run. */
    public static double median(Runnable work) {
        work.run();
        double[] t = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            work.run();
            t[i] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(t);
        return t[RUNS / 2];
    }
}
