package dev.locus.localize.circuit;

import dev.locus.localize.method.Progress;
import dev.locus.model.LocusModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Exact edge patching, to check the attributions: each edge's score is mean over prompts of metric(clean) -
 * metric(clean with that edge alone patched to its upstream node's corrupted output), so the first-order estimates of
 * {@link EdgeAttribution} and these agree where the model is linear around the clean run. Edges are batched, one per copy
 * of the prompts, grouped by their downstream input so that a pass shifts one layer. The same runs measure circuits:
 * {@link #faithfulness} patches every edge outside each circuit.
 */
final class EdgePatching {
    private EdgePatching() {
    }

    /**
     * Scores the edges into downstream inputs of layer {@code fromLayer} and later (the logits included); 0 scores
     * every edge. Edges into earlier layers stay unscored (NaN).
     */
    static EdgeScores run(LocusModel model, CircuitInputs inputs, HeadMatrices heads, int fromLayer, int promptsPerPass,
                          int tokensPerPass, Progress progress) {
        CircuitLayout layout = CircuitLayout.of(model.config());
        List<int[]> edges = new ArrayList<>();
        for (int v = layout.firstDownstream(Math.min(fromLayer, layout.layers())); v < layout.downstreamCount(); v++) {
            for (int u = 0; u < layout.readers(v); u++) {
                edges.add(new int[] {u, v});
            }
        }
        int nd = layout.downstreamCount();
        int n = inputs.set().size();
        Sums sums = patched(model, inputs, heads, edges.size(), e -> {
            boolean[] m = new boolean[layout.upstreamCount() * nd];
            m[edges.get(e)[0] * nd + edges.get(e)[1]] = true;
            return m;
        }, promptsPerPass, tokensPerPass, progress, "edge-patching");
        double[] scores = EdgeScores.unscored(layout);
        for (int e = 0; e < edges.size(); e++) {
            scores[edges.get(e)[0] * nd + edges.get(e)[1]] = (sums.clean() - sums.patched()[e]) / n;
        }
        String setting = inputs.setting() + ", exact, " + edges.size() + " edges" + (fromLayer > 0
                ? " (into layer " + fromLayer + " and later)" : "") + ", " + n + " prompts";
        return new EdgeScores(layout, "edge-patching", setting, inputs.metric().text(), EdgeScores.ALL,
                sums.clean() / n, sums.corrupted() / n, scores);
    }

    /**
     * Faithfulness of circuits (Hanna et al. 2024): the clean prompts with every edge outside the circuit patched to
     * its corrupted value, reported as (metric - corrupted) / (clean - corrupted), the metric averaged over the
     * prompts: 1 when the circuit alone carries the clean behaviour, 0 when it carries none of it. Circuits are
     * measured side by side, one per copy of the prompts.
     */
    static double[] faithfulness(LocusModel model, CircuitInputs inputs, HeadMatrices heads, List<boolean[]> circuits,
                       int promptsPerPass, int tokensPerPass, Progress progress) {
        CircuitLayout layout = CircuitLayout.of(model.config());
        List<boolean[]> patched = new ArrayList<>();
        int nd = layout.downstreamCount();
        for (boolean[] in : circuits) {
            boolean[] out = new boolean[in.length];
            for (int v = 0; v < nd; v++) {
                for (int u = 0; u < layout.readers(v); u++) {
                    out[u * nd + v] = !in[u * nd + v];
                }
            }
            patched.add(out);
        }
        int n = inputs.set().size();
        Sums sums = patched(model, inputs, heads, patched.size(), patched::get, promptsPerPass, tokensPerPass, progress,
                "faithfulness");
        double gap = (sums.clean() - sums.corrupted()) / n;
        double[] out = new double[circuits.size()];
        for (int c = 0; c < out.length; c++) {
            out[c] = gap == 0 ? Double.NaN : (sums.patched()[c] / n - sums.corrupted() / n) / gap;
        }
        return out;
    }

    /** Sums over every prompt of the clean and corrupted metric, and of the metric with each mask's edges patched. */
    private record Sums(double clean, double corrupted, double[] patched) {
    }

    /**
     * Runs the prompts chunk by chunk with {@code count} masks' edges patched ({@code mask.apply(i)}: [upstream *
     * downstreamCount + downstream], made when its pass runs), as many masks side by side as {@code tokensPerPass}
     * holds.
     */
    private static Sums patched(LocusModel model, CircuitInputs inputs, HeadMatrices heads, int count,
                                IntFunction<boolean[]> mask, int promptsPerPass, int tokensPerPass, Progress progress,
                                String stage) {
        int n = inputs.set().size();
        double[] sums = new double[count];
        double clean = 0;
        double corrupted = 0;
        long total = (long) count * n;
        long done = 0;
        for (int from = 0; from < n; from += promptsPerPass) {
            int to = Math.min(n, from + promptsPerPass);
            try (EdgePatchRun run = new EdgePatchRun(model, inputs, heads, from, to)) {
                clean += Arrays.stream(run.clean()).sum();
                corrupted += Arrays.stream(run.corrupt()).sum();
                int perPass = Math.max(1, tokensPerPass / run.tokensPerCopy());
                for (int c0 = 0; c0 < count; c0 += perPass) {
                    Progress.checkCancelled();
                    int c1 = Math.min(count, c0 + perPass);
                    List<boolean[]> masks = new ArrayList<>();
                    for (int c = c0; c < c1; c++) {
                        masks.add(mask.apply(c));
                    }
                    double[][] m = run.run(masks);
                    for (int c = c0; c < c1; c++) {
                        sums[c] += Arrays.stream(m[c - c0]).sum();
                    }
                    done += (long) (c1 - c0) * run.items();
                    progress.update(stage, done, total);
                }
            }
        }
        return new Sums(clean, corrupted, sums);
    }
}
