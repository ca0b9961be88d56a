package dev.locus.localize.circuit;

import dev.locus.core.LocusException;
import dev.locus.localize.method.Corruption;
import dev.locus.localize.method.LocalizationSet;
import dev.locus.localize.method.Metric;
import dev.locus.localize.method.Progress;
import dev.locus.model.LocusModel;
import dev.locus.model.MemoryBudget;
import dev.locus.model.budget.Estimate;
import dev.locus.model.budget.Estimator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A circuit as a user asks for one ({@code locus circuit}, the workbench's Circuit tab): score every edge by a method,
 * choose the circuit (top k, a threshold, or the smallest top-k circuit that keeps a target faithfulness), and measure
 * faithfulness along a curve of circuit sizes.
 */
public final class CircuitRun {
    /** The edge scoring methods, by the names the command line and files use. */
    public enum Method {
        EAP("eap"), EAP_IG("eap-ig"), EDGE_PATCHING("edge-patching");

        private final String text;

        Method(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        public static Method parse(String text) {
            for (Method m : values()) {
                if (m.text.equals(text)) {
                    return m;
                }
            }
            throw new LocusException("circuit method '" + text + "' not understood; expected one of "
                    + String.join(", ", names()));
        }

        public static List<String> names() {
            return Arrays.stream(values()).map(Method::text).toList();
        }
    }

    /**
     * What to run.
     *
     * @param igSteps EAP-IG's interpolation steps (Hanna et al. use 5; ignored by the others)
     * @param top choose the top k edges (0: not this rule)
     * @param threshold choose edges with |normalized score| >= it (NaN: not this rule)
     * @param targetFaithfulness choose the smallest top-k circuit that keeps this share (NaN: not this rule); when no
     *     rule is given, 0.8
     * @param perPosition also score edges per position class (EAP and EAP-IG)
     * @param corruption null: subject swap
     * @param metric null: logit difference
     * @param promptsPerPass prompts per chunk, at most (memory; the model's size may ask for fewer: {@link #run})
     * @param tokensPerPass tokens of patched copies per forward pass (exact patching and faithfulness; 0: as many as
     *     the estimator's circuit budget holds)
     * @param patchFromLayer exact edge patching scores only edges into this layer and later (0: all)
     */
    public record Request(Method method, int igSteps, int top, double threshold, double targetFaithfulness,
                          boolean perPosition, Corruption corruption, Metric metric, int promptsPerPass,
                          int tokensPerPass, int patchFromLayer) {
        public static final double DEFAULT_TARGET = 0.8;

        public Request {
            if (igSteps < 1) {
                throw new LocusException("--ig-steps must be at least 1, got " + igSteps);
            }
            int rules = (top > 0 ? 1 : 0) + (Double.isNaN(threshold) ? 0 : 1) + (Double.isNaN(targetFaithfulness) ? 0 : 1);
            if (rules > 1) {
                throw new LocusException("choose a circuit by one rule: --top, --threshold or --faithfulness");
            }
            if (!Double.isNaN(targetFaithfulness) && !(targetFaithfulness > 0 && targetFaithfulness <= 1)) {
                throw new LocusException("--faithfulness must be above 0 and at most 1, got " + targetFaithfulness);
            }
            if (rules == 0) {
                targetFaithfulness = DEFAULT_TARGET;
            }
            corruption = corruption == null ? new Corruption(Corruption.Kind.SUBJECT_SWAP, "3sd", 0) : corruption;
            metric = metric == null ? Metric.LOGIT_DIFF : metric;
            promptsPerPass = promptsPerPass > 0 ? promptsPerPass : 16;
            tokensPerPass = Math.max(0, tokensPerPass);
        }

        /** The method with Hanna et al.'s 5 IG steps, the 80% faithfulness rule, subject swap, logit difference. */
        public static Request of(Method method) {
            return new Request(method, 5, 0, Double.NaN, Double.NaN, false, null, null, 0, 0, 0);
        }

        public Request withTop(int k) {
            return new Request(method, igSteps, k, Double.NaN, Double.NaN, perPosition, corruption, metric,
                    promptsPerPass, tokensPerPass, patchFromLayer);
        }

        public Request withThreshold(double t) {
            return new Request(method, igSteps, 0, t, Double.NaN, perPosition, corruption, metric, promptsPerPass,
                    tokensPerPass, patchFromLayer);
        }

        public Request withTarget(double f) {
            return new Request(method, igSteps, 0, Double.NaN, f, perPosition, corruption, metric, promptsPerPass,
                    tokensPerPass, patchFromLayer);
        }

        public Request withIgSteps(int steps) {
            return new Request(method, steps, top, threshold, targetFaithfulness, perPosition, corruption, metric,
                    promptsPerPass, tokensPerPass, patchFromLayer);
        }

        public Request withPerPosition(boolean p) {
            return new Request(method, igSteps, top, threshold, targetFaithfulness, p, corruption, metric,
                    promptsPerPass, tokensPerPass, patchFromLayer);
        }

        public Request withCorruption(Corruption c) {
            return new Request(method, igSteps, top, threshold, targetFaithfulness, perPosition, c, metric,
                    promptsPerPass, tokensPerPass, patchFromLayer);
        }

        public Request withPatchFromLayer(int l) {
            return new Request(method, igSteps, top, threshold, targetFaithfulness, perPosition, corruption, metric,
                    promptsPerPass, tokensPerPass, l);
        }
    }

    private CircuitRun() {
    }

    /** Scores, chooses and measures: the whole report. */
    public static CircuitReport run(LocusModel model, LocalizationSet set, Request given, Progress progress) {
        Request r = sized(model, set, given);
        checkMemory(model, set, r);
        CircuitInputs inputs = new CircuitInputs(model, set, r.corruption(), r.metric());
        try (HeadMatrices heads = new HeadMatrices(model.config(), model.transformer().weights())) {
            Map<String, EdgeScores> byPosition = score(model, inputs, heads, r, progress);
            EdgeScores all = byPosition.get(EdgeScores.ALL);
            List<Integer> sizes = curveSizes(all.ranked().size());
            List<Circuit> curveCircuits = new ArrayList<>();
            sizes.forEach(k -> curveCircuits.add(CircuitExtraction.top(all, k)));
            Circuit chosen = r.top() > 0 ? CircuitExtraction.top(all, r.top())
                    : !Double.isNaN(r.threshold()) ? CircuitExtraction.threshold(all, r.threshold()) : null;
            List<Circuit> measured = new ArrayList<>(curveCircuits);
            if (chosen != null) {
                measured.add(chosen);
            }
            double[] f = measure(model, inputs, heads, measured, r, progress);
            List<CircuitReport.Point> curve = new ArrayList<>();
            for (int i = 0; i < sizes.size(); i++) {
                curve.add(new CircuitReport.Point(sizes.get(i), curveCircuits.get(i).edges().size(), f[i]));
            }
            double faithfulness;
            if (chosen != null) {
                faithfulness = f[f.length - 1];
            } else {
                int k = smallestReaching(model, inputs, heads, all, curve, r, progress);
                chosen = CircuitExtraction.top(all, k);
                int point = sizes.indexOf(k);
                faithfulness = point >= 0 ? f[point] : measure(model, inputs, heads, List.of(chosen), r, progress)[0];
                chosen = new Circuit(all, chosen.edges(), String.format(Locale.ROOT,
                        "the smallest top-k circuit keeping %.0f%% faithfulness (k = %d, %s)",
                        100 * r.targetFaithfulness(), k, chosen.rule()));
            }
            return new CircuitReport(byPosition, chosen, faithfulness, curve);
        }
    }

    /**
     * The request with chunks the estimator sizes for this model ({@link Estimator#circuitChunks}): fewer prompts per
     * pass and tokens per patched pass on a large model, the same results.
     */
    static Request sized(LocusModel model, LocalizationSet set, Request r) {
        int positions = set.items().stream().mapToInt(LocalizationSet.Item::length).max().orElse(1);
        int[] chunks = new Estimator(model.config(), 0, MemoryBudget.computeBytes(model)).circuitChunks(r.promptsPerPass(),
                positions);
        return new Request(r.method(), r.igSteps(), r.top(), r.threshold(), r.targetFaithfulness(), r.perPosition(),
                r.corruption(), r.metric(), chunks[0], r.tokensPerPass() > 0 ? r.tokensPerPass() : chunks[1],
                r.patchFromLayer());
    }

    /** Edge scores by position, by the request's method. */
    static Map<String, EdgeScores> score(LocusModel model, CircuitInputs inputs, HeadMatrices heads, Request r,
                                         Progress progress) {
        return switch (r.method()) {
            case EAP -> EdgeAttribution.run(model, inputs, heads, 1, r.perPosition(), r.promptsPerPass(), progress);
            case EAP_IG -> EdgeAttribution.run(model, inputs, heads, r.igSteps(), r.perPosition(), r.promptsPerPass(),
                    progress);
            case EDGE_PATCHING -> {
                Map<String, EdgeScores> m = new LinkedHashMap<>();
                m.put(EdgeScores.ALL, EdgePatching.run(model, inputs, heads, r.patchFromLayer(), r.promptsPerPass(),
                        r.tokensPerPass(), progress));
                yield m;
            }
        };
    }

    /** Every edge's score by every method, for comparing them on the same prompts (the benchmark, tests). */
    public static Map<Method, EdgeScores> compare(LocusModel model, LocalizationSet set, Request given, Progress progress) {
        Request r = sized(model, set, given);
        CircuitInputs inputs = new CircuitInputs(model, set, r.corruption(), r.metric());
        Map<Method, EdgeScores> out = new LinkedHashMap<>();
        try (HeadMatrices heads = new HeadMatrices(model.config(), model.transformer().weights())) {
            for (Method m : Method.values()) {
                out.put(m, score(model, inputs, heads, new Request(m, r.igSteps(), 0, Double.NaN, Double.NaN, false,
                        r.corruption(), r.metric(), r.promptsPerPass(), r.tokensPerPass(), r.patchFromLayer()), progress)
                        .get(EdgeScores.ALL));
            }
        }
        return out;
    }

    /** Faithfulness of any circuits of this model on these prompts. */
    public static double[] faithfulness(LocusModel model, LocalizationSet set, Request given, List<Circuit> circuits,
                                        Progress progress) {
        Request r = sized(model, set, given);
        CircuitInputs inputs = new CircuitInputs(model, set, r.corruption(), r.metric());
        try (HeadMatrices heads = new HeadMatrices(model.config(), model.transformer().weights())) {
            return measure(model, inputs, heads, circuits, r, progress);
        }
    }

    private static double[] measure(LocusModel model, CircuitInputs inputs, HeadMatrices heads, List<Circuit> circuits,
                                    Request r, Progress progress) {
        List<boolean[]> in = circuits.stream().map(Circuit::membership).toList();
        return EdgePatching.faithfulness(model, inputs, heads, in, r.promptsPerPass(), r.tokensPerPass(), progress);
    }

    /** 1, 2, 5, 10, 20, 50, ... below the edge count, and the edge count itself. */
    static List<Integer> curveSizes(int edges) {
        List<Integer> sizes = new ArrayList<>();
        for (long k = 1; k < edges; k *= 10) {
            for (long m : new long[] {1, 2, 5}) {
                if (k * m < edges) {
                    sizes.add((int) (k * m));
                }
            }
        }
        sizes.add(edges);
        return sizes;
    }

    /**
     * The smallest k whose top-k circuit reaches the target: the first curve point that does, then bisection between
     * it and the point before (faithfulness need not grow with k, so this is the smallest found, not a proof).
     */
    private static int smallestReaching(LocusModel model, CircuitInputs inputs, HeadMatrices heads, EdgeScores all,
                                        List<CircuitReport.Point> curve, Request r, Progress progress) {
        int hi = -1;
        int lo = 0;
        for (CircuitReport.Point p : curve) {
            if (p.faithfulness() >= r.targetFaithfulness()) {
                hi = p.top();
                break;
            }
            lo = p.top();
        }
        if (hi < 0) {
            return curve.get(curve.size() - 1).top();      // nothing reaches it: every edge
        }
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            double f = measure(model, inputs, heads, List.of(CircuitExtraction.top(all, mid)), r, progress)[0];
            if (f >= r.targetFaithfulness()) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    /** Refuses, with the estimator's numbers, a circuit run the device cannot hold beside the model. */
    private static void checkMemory(LocusModel model, LocalizationSet set, Request r) {
        int positions = set.items().stream().mapToInt(LocalizationSet.Item::length).max().orElse(1);
        Estimate e = new Estimator(model.config(), 0, MemoryBudget.computeBytes(model)).localize("circuit",
                Math.min(set.size(), r.promptsPerPass()), positions, r.method() == Method.EAP_IG ? r.igSteps() : 1);
        MemoryBudget.refuseIfShort(e, model.device(), true, "finding a circuit by " + r.method().text(),
                "the prompts per pass (--prompts-per-pass)");
    }
}
