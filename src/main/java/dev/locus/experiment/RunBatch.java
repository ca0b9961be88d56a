package dev.locus.experiment;

import dev.locus.experiment.config.EditSettings;
import dev.locus.experiment.config.ExperimentConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Several run folders read as one: the runs of one edit queue (a folder each, one method each) shown, exported and
 * rerun together.
 *
 * @param metrics every run's metric rows
 * @param probes every run's probe rows
 * @param methods the methods in run order
 */
public record RunBatch(List<MetricRow> metrics, List<ProbeRow> probes, List<String> methods) {

    /** The runs' rows together; a method that two runs share is named by its run the second time. */
    public static RunBatch of(List<RunFolder> runs) {
        List<MetricRow> metrics = new ArrayList<>();
        List<ProbeRow> probes = new ArrayList<>();
        List<String> methods = new ArrayList<>();
        for (RunFolder run : runs) {
            Map<String, String> names = new LinkedHashMap<>();
            for (String m : run.methods()) {
                names.put(m, methods.contains(m) ? m + " (" + run.dir().getFileName() + ")" : m);
                methods.add(names.get(m));
            }
            for (MetricRow r : run.metrics()) {
                metrics.add(r.withMethod(names.getOrDefault(r.method(), r.method())));
            }
            for (ProbeRow r : run.probes()) {
                probes.add(r.withMethod(names.getOrDefault(r.method(), r.method())));
            }
        }
        return new RunBatch(metrics, probes, methods);
    }

    /**
     * The config that reruns a batch with {@code locus run}: the first run's, with every run's methods, each with the
     * edit settings and mask file its own run had.
     */
    public static ExperimentConfig config(List<RunFolder> runs, Path batch) {
        if (runs.size() == 1) {
            return runs.get(0).config();
        }
        ExperimentConfig first = runs.get(0).config();
        LinkedHashSet<String> methods = new LinkedHashSet<>();
        LinkedHashSet<Long> seeds = new LinkedHashSet<>();
        Map<String, EditSettings> edits = new LinkedHashMap<>();
        Map<String, String> masks = new LinkedHashMap<>();
        for (RunFolder run : runs) {
            ExperimentConfig c = run.config();
            seeds.addAll(c.seeds());
            for (String m : c.methods()) {
                if (methods.add(m)) {
                    if (c.masks().containsKey(m)) {
                        masks.put(m, c.masks().get(m));
                    }
                    edits.put(m, c.methodEdit().getOrDefault(m, c.edit()));
                }
            }
        }
        String name = String.valueOf(batch.getFileName()).replaceAll("[^A-Za-z0-9._-]", "-");
        Map<String, EditSettings> overrides = new LinkedHashMap<>(edits);
        overrides.values().removeIf(first.edit()::equals);
        return first.withRun(name.isBlank() ? first.name() : name, List.copyOf(seeds), List.copyOf(methods))
                .withEdit(first.edit(), overrides).withMasks(masks);
    }
}
