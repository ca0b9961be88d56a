package dev.locus.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The headline table of a run, one row per method, values averaged over seeds (NaN where a run has no such value):
 * the paper's figure metrics after the edit, the relearning attack's last step, and the latent probes. Accuracies
 * are the paper's (metric {@code accuracy}, continuous); maintain is the held-out maintain split.
 */
public final class ResultsTable {
    /** Column names, in order. */
    public static final List<String> COLUMNS = List.of("forget", "maintain", "edit", "mcq_forget", "mcq_edit", "general",
            "relearned", "relearned_mcq", "probe_true", "probe_edit");

    private ResultsTable() {
    }

    /**
     * @return method to column to value; probe columns are the mean over the layers after the first third of the model
     *     (where the paper's figures separate the methods)
     */
    public static Map<String, Map<String, Double>> of(List<String> methods, List<MetricRow> metrics, List<ProbeRow> probes) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        int maxLayer = probes.stream().mapToInt(ProbeRow::layer).max().orElse(0);
        for (String m : methods) {
            Map<String, Double> row = new LinkedHashMap<>();
            row.put("forget", mean(metrics, m, "after", "standard", "forget", "accuracy"));
            row.put("maintain", mean(metrics, m, "after", "standard", "maintain", "accuracy"));
            row.put("edit", mean(metrics, m, "after", "standard", "forget", "edit_accuracy"));
            row.put("mcq_forget", mean(metrics, m, "after", "mcq", "forget", "accuracy"));
            row.put("mcq_edit", mean(metrics, m, "after", "mcq", "forget", "edit_accuracy"));
            row.put("general", mean(metrics, m, "after", "general", "general", "accuracy"));
            String last = lastRelearn(metrics, m);
            row.put("relearned", last == null ? Double.NaN : mean(metrics, m, last, "standard", "relearn", "accuracy"));
            row.put("relearned_mcq", last == null ? Double.NaN : mean(metrics, m, last, "mcq", "relearn", "accuracy"));
            row.put("probe_true", probe(probes, m, "true", maxLayer / 3));
            row.put("probe_edit", probe(probes, m, "edit", maxLayer / 3));
            out.put(m, row);
        }
        return out;
    }

    private static double mean(List<MetricRow> rows, String method, String phase, String format, String split, String metric) {
        OptionalDouble d = rows.stream().filter(r -> r.method().equals(method) && r.phase().equals(phase)
                && r.format().equals(format) && r.split().equals(split) && r.metric().equals(metric))
                .mapToDouble(MetricRow::value).average();
        return d.orElse(Double.NaN);
    }

    private static String lastRelearn(List<MetricRow> rows, String method) {
        int last = rows.stream().filter(r -> r.method().equals(method) && r.phase().startsWith("relearn-"))
                .mapToInt(r -> Integer.parseInt(r.phase().substring(8))).max().orElse(-1);
        return last < 0 ? null : "relearn-" + last;
    }

    private static double probe(List<ProbeRow> rows, String method, String target, int fromLayer) {
        List<Double> v = new ArrayList<>();
        rows.stream().filter(r -> r.method().equals(method) && r.target().equals(target) && r.phase().equals("after")
                && r.layer() >= fromLayer).forEach(r -> v.add(r.accuracy()));
        return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
