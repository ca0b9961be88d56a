package dev.locus.experiment;

import java.util.Objects;

/**
 * One value of {@code metrics.csv}, the tidy table every run writes and every figure reads.
 *
 * @param method the selection strategy the edit trained: {@code flu}, {@code causal-tracing},
 *     {@code attribution-patching}, {@code causal-tracing-mlps}, {@code attribution-patching-mlps}, {@code random},
 *     {@code random-mlps}, {@code all-mlps}, {@code nonlocalized} (and {@code none} for the unedited model)
 * @param seed the run's seed
 * @param phase {@code before}, {@code after}, {@code step-<k>} (during the edit), {@code relearn-<k>}
 * @param format the prompt format ({@code standard}, {@code mcq}, {@code qa}, CounterFact's), or {@code general}
 * @param split {@code forget}, {@code maintain} (the held-out maintain facts, the paper's Maintain Accuracy),
 *     {@code maintain-train} (the maintain facts the edit trains on), {@code general}, or {@code relearn} (the
 *     held-out half of the forget set during the relearning attack)
 * @param metric {@code accuracy} (the paper's: the true attribute's probability renormalized over the candidates,
 *     averaged), {@code argmax_accuracy} (share of prompts whose true attribute ranks first), {@code edit_accuracy}
 *     and {@code edit_argmax_accuracy} (the same for the edit target), {@code loss}, ...
 */
public record MetricRow(String method, long seed, String phase, String format, String split, String metric,
        double value) {

    public MetricRow {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(metric, "metric");
    }

    /** The same row under another method name (a method shown as "A · Fact Lookup" when two runs are compared). */
    public MetricRow withMethod(String name) {
        return name.equals(method) ? this : new MetricRow(name, seed, phase, format, split, metric, value);
    }
}
