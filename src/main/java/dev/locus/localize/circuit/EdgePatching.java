package dev.locus.localize.circuit;

import dev.locus.localize.method.Progress;
import dev.locus.model.LocusModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
        int n = inputs.set().size();
        double[] sums = new double[edges.size()];
        double cleanSum = 0;
        double corruptSum = 0;
        long total = (long) edges.size() * n;
        long done = 0;
        int nd = layout.downstreamCount();
        for (int from = 0; from < n; from += promptsPerPass) {
            int to = Math.min(n, from + promptsPerPass);
            try (EdgePatchRun run = new EdgePatchRun(model, inputs, heads, from, to)) {
                cleanSum += Arrays.stream(run.clean()).sum();
                corruptSum += Arrays.stream(run.corrupt()).sum();
                int perPass = Math.max(1, tokensPerPass / run.tokensPerCopy());
                for (int e0 = 0; e0 < edges.size(); e0 += perPass) {
                    Progress.checkCancelled();
                    int e1 = Math.min(edges.size(), e0 + perPass);
                    List<boolean[]> masks = new ArrayList<>();
                    for (int e = e0; e < e1; e++) {
                        boolean[] m = new boolean[layout.upstreamCount() * nd];
                        m[edges.get(e)[0] * nd + edges.get(e)[1]] = true;
                        masks.add(m);
                    }
                    double[][] patched = run.run(masks);
                    for (int e = e0; e < e1; e++) {
                        for (int i = 0; i < run.items(); i++) {
                            sums[e] += run.clean()[i] - patched[e - e0][i];
                        }
                    }
                    done += (long) (e1 - e0) * run.items();
                    progress.update("edge-patching", done, total);
                }
            }
        }
        double[] scores = EdgeScores.unscored(layout);
        for (int e = 0; e < edges.size(); e++) {
            scores[edges.get(e)[0] * nd + edges.get(e)[1]] = sums[e] / n;
        }
        String setting = inputs.setting() + ", exact, " + edges.size() + " edges" + (fromLayer > 0
                ? " (into layer " + fromLayer + " and later)" : "") + ", " + n + " prompts";
        return new EdgeScores(layout, "edge-patching", setting, inputs.metric().text(), EdgeScores.ALL,
                cleanSum / n, corruptSum / n, scores);
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
        double[] sums = new double[circuits.size()];
        double cleanSum = 0;
        double corruptSum = 0;
        for (int from = 0; from < n; from += promptsPerPass) {
            int to = Math.min(n, from + promptsPerPass);
            try (EdgePatchRun run = new EdgePatchRun(model, inputs, heads, from, to)) {
                cleanSum += Arrays.stream(run.clean()).sum();
                corruptSum += Arrays.stream(run.corrupt()).sum();
                int perPass = Math.max(1, tokensPerPass / run.tokensPerCopy());
                for (int c0 = 0; c0 < patched.size(); c0 += perPass) {
                    Progress.checkCancelled();
                    int c1 = Math.min(patched.size(), c0 + perPass);
                    double[][] m = run.run(patched.subList(c0, c1));
                    for (int c = c0; c < c1; c++) {
                        sums[c] += Arrays.stream(m[c - c0]).sum();
                    }
                }
            }
            progress.update("faithfulness", to, n);
        }
        double gap = (cleanSum - corruptSum) / n;
        double[] out = new double[circuits.size()];
        for (int c = 0; c < out.length; c++) {
            out[c] = gap == 0 ? Double.NaN : (sums[c] / n - corruptSum / n) / gap;
        }
        return out;
    }
}
