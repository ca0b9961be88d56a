package dev.locus.localize.method;

import dev.locus.model.LocusModel;
import dev.locus.model.hooks.HookPoints;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Causal tracing (Meng et al. 2022, ROME), as the paper runs it: noise the subject's embeddings, then restore one
 * clean activation and record the indirect effect, metric(restored) - metric(noised), or (the paper's code, src/docs/
 * paper.md §3.2) the metric after restoring itself, {@link Options#rawScore}. Two results: a heatmap of
 * layer x position class for the residual stream ({@code resid}: the block's output), the MLP output ({@code mlp})
 * and the attention output ({@code attn}), each restored at one position class over a window of layers; and the
 * component scores the paper's OT selection uses, each head and each MLP restored at every position.
 */
public final class CausalTracing {
    public static final List<String> SITES = List.of("resid", "mlp", "attn");

    /**
     * @param window layers restored together around each layer for the mlp and attn sites (ROME uses 10; 1 restores
     *     exactly one layer)
     * @param rawScore a component's score is the mean metric after restoring it (the paper's), not the indirect effect;
     *     the layer's attention score is then the sum of its heads' scores, as the paper's selection sums them
     */
    public record Options(Metric metric, int window, int promptsPerChunk, int tokensPerPass, boolean rawScore) {
        public static Options defaults() {
            return new Options(Metric.PROB, 1, 64, 4096, false);
        }

        public Options withWindow(int w) {
            return new Options(metric, w, promptsPerChunk, tokensPerPass, rawScore);
        }

        public Options withMetric(Metric m) {
            return new Options(m, window, promptsPerChunk, tokensPerPass, rawScore);
        }

        public Options withRawScore(boolean raw) {
            return new Options(metric, window, promptsPerChunk, tokensPerPass, raw);
        }

        public Options withPromptsPerChunk(int n) {
            return new Options(metric, window, n, tokensPerPass, rawScore);
        }
    }

    private CausalTracing() {
    }

    public static ComponentScores run(LocusModel model, LocalizationSet set, Corruption corruption, Options o,
                                      Progress progress) {
        ComponentScores components = ActivationPatching.run("causal-tracing", model, set, corruption,
                new ActivationPatching.Options(o.metric(), true, false, o.promptsPerChunk(), o.tokensPerPass()), progress);
        Patching patching = new Patching(model, set, corruption, o.metric(), o.promptsPerChunk(), o.tokensPerPass());
        int layers = model.config().nLayers();
        List<String> labels = patching.classes().labels();
        List<PatchRun.Unit> units = new ArrayList<>();
        List<int[]> where = new ArrayList<>();       // {site, layer, class} of each unit
        Set<String> points = new LinkedHashSet<>();
        for (int site = 0; site < SITES.size(); site++) {
            for (int l = 0; l < layers; l++) {
                int from = site == 0 ? l : Math.max(0, l - o.window() / 2);
                int to = site == 0 ? l : Math.min(layers - 1, from + Math.max(1, o.window()) - 1);
                for (int c = 0; c < labels.size(); c++) {
                    List<PatchRun.Site> sites = new ArrayList<>();
                    for (int k = from; k <= to; k++) {
                        String hook = hook(site, k);
                        points.add(hook);
                        sites.add(new PatchRun.Site(hook, -1, c));
                    }
                    units.add(new PatchRun.Unit(SITES.get(site) + "@" + l + ":" + c, sites));
                    where.add(new int[] {site, l, c});
                }
            }
        }
        Patching.Result r = patching.run(units, points, true, progress, "causal-tracing heatmap");
        List<ComponentScores.PositionEffect> cells = new ArrayList<>();
        for (int u = 0; u < units.size(); u++) {
            int[] w = where.get(u);
            cells.add(new ComponentScores.PositionEffect(SITES.get(w[0]), w[1], w[2], labels.get(w[2]), r.effect()[u],
                    r.normalized()[u]));
        }
        String setting = components.setting() + ", window " + o.window()
                + (o.rawScore() ? ", score = metric after restoring" : ", score = indirect effect");
        List<ComponentScores.Row> rows = components.rows();
        if (o.rawScore()) {
            // every unit restores at all positions, so each prompt counts and mean(restored) = mean(noised) + effect
            rows = rows.stream().map(row -> new ComponentScores.Row(row.component(), row.layer(), row.head(),
                    components.corrupted() + row.score(), row.normalized(), Map.of("effect", row.score()))).toList();
        }
        return new ComponentScores("causal-tracing", o.metric(), setting, rows,
                o.rawScore() ? ComponentScores.summedByLayer(rows, layers) : components.layerScores(),
                components.clean(), components.corrupted(), cells);
    }

    private static String hook(int site, int layer) {
        return switch (site) {
            case 0 -> HookPoints.residPost(layer);      // [batch, pos, d_model]
            case 1 -> HookPoints.mlpOut(layer);         // [batch, pos, d_model]
            default -> HookPoints.attnOut(layer);       // [batch, pos, d_model]
        };
    }
}
