package dev.locus.localize.circuit;

import dev.locus.localize.method.Progress;
import dev.locus.model.LocusModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Faithfulness of circuits (Hanna et al. 2024): run the clean prompts with every edge outside the circuit patched to
 * its corrupted value ({@link EdgePatchRun}), and report (metric - corrupted) / (clean - corrupted), the metric averaged
 * over the prompts: 1 when the circuit alone carries the clean behaviour, 0 when it carries none of it. Circuits are
 * measured side by side, one per copy of the prompts.
 */
final class Faithfulness {
    private Faithfulness() {
    }

    static double[] of(LocusModel model, CircuitInputs inputs, HeadMatrices heads, List<boolean[]> circuits,
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
