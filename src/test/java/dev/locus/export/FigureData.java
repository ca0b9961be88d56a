package dev.locus.export;

import dev.locus.experiment.MetricRow;
import dev.locus.experiment.ProbeRow;
import java.util.ArrayList;
import java.util.List;

/**
 * Synthetic rows of a run with the nine methods and the unedited model, shaped like the paper's results: every
 * method forgets in the trained format, Fact Lookup also in multiple choice, relearns slowly, and leaves little for
 * probes. Seed 1 has exactly the values below; seed 2 is seed 1 shifted by {@link #SEED_2_SHIFT} (clamped to
 * [0, 1]) so that charts have a spread.
 */
final class FigureData {
    static final double SEED_2_SHIFT = 0.04;
    static final int[] RELEARN_STEPS = {0, 5, 10, 15, 20};
    static final int LAYERS = 12;

    /** forget acc, maintain acc, edit acc, general acc, mcq forget acc, mcq edit acc, relearn@20, probe true (late). */
    private static final Object[][] METHODS = {
        {"flu", 0.02, 0.95, 0.97, 0.61, 0.12, 0.74, 0.18, 0.22},
        {"causal-tracing", 0.01, 0.93, 0.98, 0.60, 0.81, 0.08, 0.88, 0.96},
        {"causal-tracing-mlps", 0.03, 0.94, 0.96, 0.62, 0.70, 0.15, 0.80, 0.90},
        {"attribution-patching", 0.01, 0.92, 0.98, 0.59, 0.84, 0.06, 0.90, 0.97},
        {"attribution-patching-mlps", 0.02, 0.93, 0.97, 0.61, 0.66, 0.20, 0.76, 0.88},
        {"random", 0.05, 0.90, 0.93, 0.58, 0.55, 0.25, 0.70, 0.80},
        {"random-mlps", 0.04, 0.91, 0.94, 0.60, 0.48, 0.30, 0.62, 0.74},
        {"all-mlps", 0.01, 0.94, 0.99, 0.57, 0.30, 0.52, 0.40, 0.45},
        {"nonlocalized", 0.00, 0.96, 0.99, 0.55, 0.62, 0.21, 0.74, 0.85},
    };

    static final double BEFORE_FORGET = 0.98;
    static final double BEFORE_MAINTAIN = 0.97;
    static final double BEFORE_GENERAL = 0.63;
    static final double BEFORE_MCQ_FORGET = 0.95;

    private FigureData() {
    }

    static List<String> methods() {
        List<String> methods = new ArrayList<>();
        for (Object[] m : METHODS) {
            methods.add((String) m[0]);
        }
        return methods;
    }

    static double value(String method, int column) {
        for (Object[] m : METHODS) {
            if (m[0].equals(method)) {
                return (Double) m[column];
            }
        }
        throw new IllegalArgumentException(method);
    }

    static double relearnAt(String method, int step) {
        double end = value(method, 7);
        double start = value(method, 1);
        double t = step / 20.0;
        return start + (end - start) * Math.sqrt(t);
    }

    static double probeTrue(String method, int layer) {
        double late = value(method, 8);
        // Early layers carry the fact before any edit reached them; FLU edits the early MLPs.
        double early = method.equals("flu") ? 0.30 : 0.97;
        double t = (layer + 1) / (double) LAYERS;
        return early + (late - early) * t;
    }

    static List<MetricRow> metricRows(int seeds) {
        List<MetricRow> rows = new ArrayList<>();
        for (long seed = 1; seed <= seeds; seed++) {
            double shift = seed == 1 ? 0.0 : SEED_2_SHIFT;
            rows.add(new MetricRow("none", seed, "before", "standard", "forget", "accuracy", BEFORE_FORGET));
            rows.add(new MetricRow("none", seed, "before", "standard", "forget", "edit_accuracy", 0.01));
            rows.add(new MetricRow("none", seed, "before", "standard", "maintain", "accuracy", BEFORE_MAINTAIN));
            rows.add(new MetricRow("none", seed, "before", "general", "general", "accuracy", BEFORE_GENERAL));
            rows.add(new MetricRow("none", seed, "before", "mcq", "forget", "accuracy", BEFORE_MCQ_FORGET));
            rows.add(new MetricRow("none", seed, "before", "mcq", "forget", "edit_accuracy", 0.02));
            for (Object[] m : METHODS) {
                String method = (String) m[0];
                rows.add(row(method, seed, "after", "standard", "forget", "accuracy", (Double) m[1] + shift));
                rows.add(row(method, seed, "after", "standard", "maintain", "accuracy", (Double) m[2] - shift));
                rows.add(row(method, seed, "after", "standard", "forget", "edit_accuracy", (Double) m[3] - shift));
                rows.add(row(method, seed, "after", "general", "general", "accuracy", (Double) m[4] - shift));
                rows.add(row(method, seed, "after", "mcq", "forget", "accuracy", (Double) m[5] + shift));
                rows.add(row(method, seed, "after", "mcq", "forget", "edit_accuracy", (Double) m[6] - shift));
                // noise the charts must ignore: edit steps, losses, another format
                rows.add(row(method, seed, "step-10", "standard", "forget", "accuracy", 0.5));
                rows.add(row(method, seed, "after", "standard", "forget", "loss", 3.0));
                for (int step : RELEARN_STEPS) {
                    rows.add(row(method, seed, "relearn-" + step, "standard", "relearn", "accuracy",
                            relearnAt(method, step) + shift));
                    rows.add(row(method, seed, "relearn-" + step, "mcq", "relearn", "accuracy",
                            Math.min(1.0, relearnAt(method, step) + 0.1)));
                }
            }
        }
        return rows;
    }

    static List<ProbeRow> probeRows(int seeds) {
        List<ProbeRow> rows = new ArrayList<>();
        for (long seed = 1; seed <= seeds; seed++) {
            double shift = seed == 1 ? 0.0 : SEED_2_SHIFT;
            for (int layer = -1; layer < LAYERS; layer++) {
                rows.add(new ProbeRow("none", seed, "before", layer, "true", 0.97));
                rows.add(new ProbeRow("none", seed, "before", layer, "edit", 0.01));
                for (Object[] m : METHODS) {
                    String method = (String) m[0];
                    double t = clamp(probeTrue(method, layer) - shift);
                    rows.add(new ProbeRow(method, seed, "after", layer, "true", t));
                    rows.add(new ProbeRow(method, seed, "after", layer, "edit", clamp(0.9 - t * 0.9)));
                }
            }
        }
        return rows;
    }

    private static MetricRow row(String method, long seed, String phase, String format, String split, String metric,
            double value) {
        return new MetricRow(method, seed, phase, format, split, metric, clamp(value));
    }

    private static double clamp(double v) {
        return Math.max(0.0, Math.min(1.0, v));
    }
}
