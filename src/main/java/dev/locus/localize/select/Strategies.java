package dev.locus.localize.select;

import dev.locus.core.LocusException;
import dev.locus.localize.method.ComponentScores;
import dev.locus.localize.method.Probes;
import dev.locus.model.component.Component;
import dev.locus.model.component.ComponentCatalog;
import dev.locus.model.component.ComponentSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The paper's selection strategies (src/docs/paper.md §3): each turns scores or probe curves into the components an
 * edit trains. FLU takes the MLP layers where the sport becomes readable from the subject alone; OT takes whole
 * layers' attention or MLP by |score| until FLU's parameter count is spent; the baselines match it at random (single
 * weight matrices, as the paper, or whole layers) or take every MLP or everything.
 */
public final class Strategies {
    public static final String FLU = "flu";
    public static final String RANDOM = "random";
    public static final String RANDOM_MLPS = "random-mlps";
    public static final String ALL_MLPS = "all-mlps";
    public static final String NONLOCALIZED = "nonlocalized";

    /**
     * When the probe on the subject alone has risen: of the rise from the embeddings to the best layer, FLU starts at
     * the first layer that gains at least {@code minRise} of it and ends at the first that reaches {@code plateau} of
     * it.
     */
    public record FluRule(double minRise, double plateau) {
        public static FluRule defaults() {
            return new FluRule(0.1, 0.95);
        }

        public FluRule {
            if (!(minRise > 0 && minRise <= 1) || !(plateau > 0 && plateau <= 1)) {
                throw new LocusException("FLU rule: rise " + minRise + " and plateau " + plateau + " must be in (0, 1]");
            }
        }
    }

    /**
     * How a ranked (or shuffled) list of components spends a parameter budget. {@link #PREFIX} is the paper's code:
     * the ranked prefix up to and including the component that reaches or crosses the budget. {@link #FIT} adds
     * components while they fit, skipping one that does not for lower-ranked smaller ones.
     */
    public enum BudgetRule {
        PREFIX("prefix"), FIT("fit");

        private final String text;

        BudgetRule(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        public static List<String> names() {
            return java.util.Arrays.stream(values()).map(BudgetRule::text).toList();
        }

        /** The rule named {@code text}; anything else is a LocusException listing the names. */
        public static BudgetRule parse(String text) {
            for (BudgetRule r : values()) {
                if (r.text.equals(text)) {
                    return r;
                }
            }
            throw new LocusException("budget rule '" + text + "' not understood; expected one of " + String.join(", ", names()));
        }

        /** The chosen ids, in {@code ranked}'s order. */
        List<String> spend(ComponentCatalog catalog, List<String> ranked, long budget) {
            List<String> chosen = new ArrayList<>();
            long left = budget;
            for (String id : ranked) {
                if (this == PREFIX && left <= 0) {
                    break;
                }
                long size = catalog.get(id).parameterCount();
                if (this == PREFIX || size <= left) {
                    chosen.add(id);
                    left -= size;
                }
            }
            return chosen;
        }

        /** The rule in the words a mask's rule text uses. */
        String words(long budget) {
            return this == PREFIX ? "taken in that order until their parameters reach or cross " + budget
                    + " (the last one crossing it included, as the paper's code)"
                    : "added while they fit in " + budget + " parameters (one that does not fit is skipped)";
        }
    }

    /** What the random baseline draws: single weight matrices (the paper) or whole attention and MLP layers. */
    public enum RandomUnits {
        MATRICES("matrices"), LAYERS("layers");

        private final String text;

        RandomUnits(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        public static List<String> names() {
            return java.util.Arrays.stream(values()).map(RandomUnits::text).toList();
        }

        /** The units named {@code text}; anything else is a LocusException listing the names. */
        public static RandomUnits parse(String text) {
            for (RandomUnits u : values()) {
                if (u.text.equals(text)) {
                    return u;
                }
            }
            throw new LocusException("random units '" + text + "' not understood; expected one of " + String.join(", ", names()));
        }
    }

    private Strategies() {
    }

    /**
     * FLU from a probe curve on the subject alone (rows for layers -1, 0, 1, ...). Accuracies below the baseline (the
     * embeddings' accuracy, or chance when higher: a probe below chance has learned nothing) count as the baseline.
     */
    public static Selection flu(ComponentCatalog catalog, List<Probes.Row> curve, FluRule rule) {
        double baseline = Math.max(curve.get(0).accuracy(), curve.get(0).chance());
        double[] acc = curve.stream().mapToDouble(r -> Math.max(baseline, r.accuracy())).toArray();
        double top = java.util.Arrays.stream(acc).max().orElse(baseline);
        double rise = top - baseline;
        if (rise < 0.05) {
            throw new LocusException(String.format(Locale.ROOT, "the probe on the subject alone never rises above %.2f"
                    + " (the embeddings or chance; at most %.2f after any layer): no fact-lookup layers to select; give"
                    + " the FLU layers by hand", baseline, top));
        }
        int end = -1;
        for (int i = 1; i < acc.length && end < 0; i++) {
            if (acc[i] >= baseline + rule.plateau() * rise) {
                end = curve.get(i).layer();
            }
        }
        int start = end;
        for (int i = 1; i < acc.length; i++) {
            if (acc[i] - acc[i - 1] >= rule.minRise() * rise) {
                start = Math.min(end, curve.get(i).layer());
                break;
            }
        }
        String why = String.format(Locale.ROOT, "probe on the subject alone rises from %.2f (embeddings or chance) to"
                + " %.2f; MLPs from the first layer gaining %.0f%% of the rise to the first reaching %.0f%% of it",
                baseline, top, 100 * rule.minRise(), 100 * rule.plateau());
        return mlpRange(catalog, FLU, start, end, why);
    }

    /** FLU as a layer range given by hand, inclusive. */
    public static Selection fluLayers(ComponentCatalog catalog, int from, int to) {
        return mlpRange(catalog, FLU, from, to, "MLP layers given by hand");
    }

    /**
     * OT: the layers' attention ({@code L{l}.attn}) and MLP scores ranked by |score|, whole components spending
     * {@code budget} parameters by {@code rule}.
     */
    public static Selection ot(String strategy, ComponentCatalog catalog, ComponentScores scores, long budget,
                               boolean mlpsOnly, BudgetRule rule) {
        List<Map.Entry<String, Double>> ranked = new ArrayList<>();
        for (Map.Entry<String, Double> e : scores.layerScores().entrySet()) {
            if (!mlpsOnly || catalog.get(e.getKey()).kind() == Component.Kind.MLP) {
                ranked.add(e);
            }
        }
        ranked.sort((a, b) -> Double.compare(Math.abs(b.getValue()), Math.abs(a.getValue())));
        Map<String, Double> used = new LinkedHashMap<>();
        ranked.forEach(e -> used.put(e.getKey(), e.getValue()));
        List<String> ids = rule.spend(catalog, ranked.stream().map(Map.Entry::getKey).toList(), budget);
        String words = (mlpsOnly ? "MLP layers" : "attention and MLP layers") + " of " + scores.method()
                + " ranked by |score| (heads summed per layer), " + rule.words(budget) + " [" + rule.text() + "]";
        return selection(catalog, strategy, ids, words, used);
    }

    /** OT by the paper's rule ({@link BudgetRule#PREFIX}). */
    public static Selection ot(String strategy, ComponentCatalog catalog, ComponentScores scores, long budget,
                               boolean mlpsOnly) {
        return ot(strategy, catalog, scores, budget, mlpsOnly, BudgetRule.PREFIX);
    }

    /**
     * The random baseline: {@code units} in a seeded random order spending {@code budget} by {@code rule}. Matrices
     * are drawn, as in the paper's code, from q, k, v, o, up ({@code W_in}) and down ({@code W_out}) of every layer;
     * a gated MLP's gate is never drawn.
     */
    public static Selection random(ComponentCatalog catalog, long budget, long seed, RandomUnits units, BudgetRule rule) {
        List<String> all = new ArrayList<>(units == RandomUnits.LAYERS ? wholeIds(catalog, true)
                : catalog.all().stream().filter(c -> c.kind().isMatrix() && c.kind() != Component.Kind.W_GATE)
                        .map(Component::id).toList());
        Collections.shuffle(all, new Random(seed));
        String what = units == RandomUnits.LAYERS ? "random attention and MLP layers"
                : "random single matrices (W_Q, W_K, W_V, W_O, W_in, W_out; no gate)";
        return selection(catalog, RANDOM, rule.spend(catalog, all, budget),
                what + " (seed " + seed + ") " + rule.words(budget) + " [" + units.text() + ", " + rule.text() + "]",
                Map.of());
    }

    /** The paper's random baseline: single matrices until the budget is crossed. */
    public static Selection random(ComponentCatalog catalog, long budget, long seed) {
        return random(catalog, budget, seed, RandomUnits.MATRICES, BudgetRule.PREFIX);
    }

    /** {@code count} MLP layers drawn at random (seeded). */
    public static Selection randomMlps(ComponentCatalog catalog, int count, long seed) {
        List<String> mlps = new ArrayList<>(wholeIds(catalog, false));
        Collections.shuffle(mlps, new Random(seed));
        List<String> chosen = new ArrayList<>(mlps.subList(0, Math.min(count, mlps.size())));
        chosen.sort(null);
        return selection(catalog, RANDOM_MLPS, inLayerOrder(catalog, chosen), count + " MLP layers at random (seed " + seed + ")", Map.of());
    }

    public static Selection allMlps(ComponentCatalog catalog) {
        return selection(catalog, ALL_MLPS, wholeIds(catalog, false), "every MLP layer", Map.of());
    }

    public static Selection nonlocalized(ComponentCatalog catalog) {
        return selection(catalog, NONLOCALIZED, wholeIds(catalog, true),
                "every attention and MLP layer (embeddings and norms stay frozen, as in the paper)", Map.of());
    }

    private static Selection mlpRange(ComponentCatalog catalog, String strategy, int from, int to, String why) {
        List<String> ids = new ArrayList<>();
        for (int l = from; l <= to; l++) {
            ids.add(Component.mlpId(l));
        }
        if (ids.isEmpty()) {
            throw new LocusException("MLP layer range " + from + "-" + to + " is empty");
        }
        return selection(catalog, strategy, ids, "MLPs " + from + "-" + to + ": " + why, Map.of());
    }

    /** Whole MLP ids, with attention ids too when {@code attention}, in layer order. */
    private static List<String> wholeIds(ComponentCatalog catalog, boolean attention) {
        return catalog.all().stream()
                .filter(c -> c.kind() == Component.Kind.MLP || attention && c.kind() == Component.Kind.ATTN)
                .map(Component::id).toList();
    }

    private static List<String> inLayerOrder(ComponentCatalog catalog, List<String> ids) {
        return catalog.all().stream().map(Component::id).filter(ids::contains).toList();
    }

    private static Selection selection(ComponentCatalog catalog, String strategy, List<String> ids, String rule,
                                       Map<String, Double> scores) {
        ComponentSet set = ComponentSet.of(catalog, inLayerOrder(catalog, ids));
        return new Selection(strategy, set, set.parameterCount(catalog), rule, scores);
    }
}
