package dev.locus.experiment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.localize.select.Selection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code results.json}: per method, what it selected and its headline numbers averaged over seeds: every
 * format/split/metric after the edit, the relearning attack's last step, and the latent probes by layer.
 */
final class RunResults {
    private RunResults() {
    }

    static ObjectNode of(ExperimentConfig config, List<MetricRow> metrics, List<ProbeRow> probes,
                         Map<String, Selection> selections) {
        ObjectNode root = RunRecorder.JSON.createObjectNode();
        root.put("name", config.name());
        root.put("seeds", config.seeds().size());
        String first = config.methods().get(0);
        root.set("before", means(metrics, r -> r.method().equals(first) && r.phase().equals("before")));
        ObjectNode methods = root.putObject("methods");
        for (String m : config.methods()) {
            ObjectNode o = methods.putObject(m);
            Selection s = selections.get(m);
            if (s != null) {
                ArrayNode ids = o.putArray("components");
                s.components().ids().forEach(ids::add);
                o.put("parameter_count", s.parameterCount());
                o.put("rule", s.rule());
            }
            o.set("after", means(metrics, r -> r.method().equals(m) && r.phase().equals("after")));
            int last = metrics.stream().filter(r -> r.method().equals(m) && r.phase().startsWith("relearn-"))
                    .mapToInt(r -> Integer.parseInt(r.phase().substring(8))).max().orElse(-1);
            if (last >= 0) {
                o.put("relearn_step", last);
                o.set("relearn", means(metrics, r -> r.method().equals(m) && r.phase().equals("relearn-" + last)));
            }
            ObjectNode p = o.putObject("probes");
            for (String target : List.of("true", "edit")) {
                Map<Integer, double[]> byLayer = new TreeMap<>();
                probes.stream().filter(r -> r.method().equals(m) && r.target().equals(target)).forEach(r -> {
                    double[] acc = byLayer.computeIfAbsent(r.layer(), k -> new double[2]);
                    acc[0] += r.accuracy();
                    acc[1]++;
                });
                ArrayNode values = p.putArray(target);
                byLayer.values().forEach(a -> values.add(a[0] / a[1]));
            }
        }
        return root;
    }

    /** format -> split -> metric -> mean over the rows that pass. */
    private static ObjectNode means(List<MetricRow> metrics, java.util.function.Predicate<MetricRow> keep) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (MetricRow r : metrics) {
            if (keep.test(r)) {
                double[] a = sums.computeIfAbsent(r.format() + "\t" + r.split() + "\t" + r.metric(), k -> new double[2]);
                a[0] += r.value();
                a[1]++;
            }
        }
        ObjectNode out = RunRecorder.JSON.createObjectNode();
        sums.forEach((k, a) -> {
            String[] parts = k.split("\t");
            ObjectNode f = out.has(parts[0]) ? (ObjectNode) out.get(parts[0]) : out.putObject(parts[0]);
            ObjectNode sp = f.has(parts[1]) ? (ObjectNode) f.get(parts[1]) : f.putObject(parts[1]);
            sp.put(parts[2], a[0] / a[1]);
        });
        return out;
    }
}
