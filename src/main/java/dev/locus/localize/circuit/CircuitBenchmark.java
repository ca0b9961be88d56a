package dev.locus.localize.circuit;

import dev.locus.localize.LocalizationBenchmark;
import dev.locus.localize.method.Corruption;
import dev.locus.localize.method.LocalizationSet;
import dev.locus.localize.method.Metric;
import dev.locus.localize.method.Progress;
import dev.locus.model.LocusModel;

/**
 * What edge scores cost and how well the estimates follow exact patching, on one set of prompts: EAP and EAP-IG in
 * multiples of one forward and backward pass, exact edge patching in edges per second over the edges into the last
 * {@code lastLayers} layers (and the logits), and Pearson r of each estimate against exact patching over those edges.
 *
 * @param edges every edge of the model's graph
 * @param patchedEdges the edges exactly patched (into the last layers and the logits)
 */
public record CircuitBenchmark(int prompts, int edges, int patchedEdges, int lastLayers, int igSteps,
                               double forwardBackwardSeconds, double eapSeconds, double eapIgSeconds,
                               double exactSeconds, double pearsonEap, double pearsonEapIg) {

    public static CircuitBenchmark run(LocusModel model, LocalizationSet set, int lastLayers, int igSteps) {
        CircuitInputs inputs = new CircuitInputs(model, set, new Corruption(Corruption.Kind.SUBJECT_SWAP, "3sd", 0),
                Metric.LOGIT_DIFF);
        int from = Math.max(0, model.config().nLayers() - lastLayers);
        CircuitRun.Request sized = CircuitRun.sized(model, set, CircuitRun.Request.of(CircuitRun.Method.EDGE_PATCHING));
        int chunk = sized.promptsPerPass();
        int patchTokens = sized.tokensPerPass();
        try (HeadMatrices heads = new HeadMatrices(model.config(), model.transformer().weights())) {
            double fb = LocalizationBenchmark.median(() -> LocalizationBenchmark.forwardBackward(model.transformer(), set));
            EdgeScores[] eap = new EdgeScores[1];
            EdgeScores[] ig = new EdgeScores[1];
            double eapSeconds = LocalizationBenchmark.median(() -> eap[0] = EdgeAttribution.run(model, inputs, heads, 1,
                    false, chunk, Progress.NONE).get(EdgeScores.ALL));
            double igSeconds = LocalizationBenchmark.median(() -> ig[0] = EdgeAttribution.run(model, inputs, heads,
                    igSteps, false, chunk, Progress.NONE).get(EdgeScores.ALL));
            long start = System.nanoTime();
            EdgeScores exact = EdgePatching.run(model, inputs, heads, from, chunk, patchTokens, Progress.NONE);
            double exactSeconds = (System.nanoTime() - start) / 1e9;
            return new CircuitBenchmark(set.size(), exact.layout().edgeCount(), exact.ranked().size(), lastLayers,
                    igSteps, fb, eapSeconds, igSeconds, exactSeconds, pearson(eap[0], exact), pearson(ig[0], exact));
        }
    }

    public double eapRatio() {
        return eapSeconds / forwardBackwardSeconds;
    }

    public double eapIgRatio() {
        return eapIgSeconds / forwardBackwardSeconds;
    }

    /** Edges exactly patched per second, each over every prompt of the set. */
    public double exactEdgesPerSecond() {
        return patchedEdges / exactSeconds;
    }

    /** Pearson r of {@code a}'s scores against {@code b}'s over the edges {@code b} scored. */
    public static double pearson(EdgeScores a, EdgeScores b) {
        double sa = 0;
        double sb = 0;
        int n = 0;
        for (EdgeScores.Edge e : b.ranked()) {
            sa += a.score(e.upstream(), e.downstream());
            sb += e.score();
            n++;
        }
        double ma = sa / n;
        double mb = sb / n;
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (EdgeScores.Edge e : b.ranked()) {
            double x = a.score(e.upstream(), e.downstream()) - ma;
            double y = e.score() - mb;
            ab += x * y;
            aa += x * x;
            bb += y * y;
        }
        return ab / Math.sqrt(aa * bb);
    }
}
