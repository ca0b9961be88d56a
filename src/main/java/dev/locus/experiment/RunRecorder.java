package dev.locus.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.localize.LocalizationFiles;
import dev.locus.localize.method.ComponentScores;
import dev.locus.localize.method.Probes;
import dev.locus.localize.select.MaskFiles;
import dev.locus.localize.select.ModelIdentity;
import dev.locus.localize.select.Selection;
import dev.locus.model.LocusModel;
import dev.locus.model.io.AtomicFiles;
import dev.locus.model.io.CsvWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Everything a run measures, and the files of its run directory (PRODUCT.md): {@code config.json}, {@code run.json}
 * (versions, model identity, the model folder's {@link #MODEL_SHA256}, device, seeds, seconds per stage), {@code metrics.csv}, {@code relearn.csv},
 * {@code probes.csv}, {@code results.json}, {@code masks/}, {@code scores/}. Tables are rewritten after every method,
 * each file atomically, so an interrupted run leaves complete files of what it finished.
 */
public final class RunRecorder {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** The run.json field with the model folder's {@link dev.locus.model.io.FolderDigest}: which weights made the run. */
    public static final String MODEL_SHA256 = "model_sha256";

    private final Path dir;
    private final ExperimentConfig config;
    private final RunListener listener;
    private final List<MetricRow> metrics = new ArrayList<>();
    private final List<ProbeRow> probes = new ArrayList<>();
    private final Map<String, Double> seconds = new LinkedHashMap<>();
    private final Map<String, Long> peaks = new LinkedHashMap<>();
    private final Map<String, Selection> selections = new LinkedHashMap<>();
    private final ObjectNode run = JSON.createObjectNode();
    private long started;

    RunRecorder(Path dir, ExperimentConfig config, RunListener listener) {
        this.dir = dir;
        this.config = config;
        this.listener = listener;
    }

    public Path dir() {
        return dir;
    }

    public List<MetricRow> metrics() {
        return List.copyOf(metrics);
    }

    public List<ProbeRow> probes() {
        return List.copyOf(probes);
    }

    /** Seconds per stage, in order. */
    public Map<String, Double> seconds() {
        return Collections.unmodifiableMap(seconds);
    }

    void start(LocusModel model) {
        started = System.nanoTime();
        config.write(dir.resolve("config.json"));
        String v = RunRecorder.class.getPackage().getImplementationVersion();
        run.put("locus_version", v == null ? "dev" : v);
        run.put("java_version", System.getProperty("java.version"));
        run.put("started", Instant.now().toString());
        run.put("device", model.deviceName());
        run.put("compute_type", model.computeType());
        run.set("model", JSON.valueToTree(ModelIdentity.of(model)));
        run.put("model_folder", String.valueOf(model.folder()));
        if (model.folder() != null) {
            run.put(MODEL_SHA256, dev.locus.model.io.FolderDigest.of(model.folder()));
        }
        ArrayNode seeds = run.putArray("seeds");
        config.seeds().forEach(seeds::add);
        AtomicFiles.writeString(dir.resolve("run.json"), run.toPrettyString());
    }

    <T> T time(String stage, Supplier<T> work) {
        listener.stage(stage);
        long t = System.nanoTime();
        dev.locus.model.bench.ResidentPeak.reset();
        try {
            return work.get();
        } finally {
            seconds.merge(stage, (System.nanoTime() - t) / 1e9, Double::sum);
            peaks.merge(stage, dev.locus.model.bench.ResidentPeak.bytes(), Math::max);
        }
    }

    void time(String stage, Runnable work) {
        time(stage, () -> {
            work.run();
            return null;
        });
    }

    /** A number about the run's data (CounterFact's filter and pool), kept in run.json under "data". */
    void dataNote(String key, int value) {
        (run.get("data") instanceof ObjectNode d ? d : run.putObject("data")).put(key, value);
    }

    /** A sentence about the run for the user, shown as a stage and kept in run.json under "notes". */
    void note(String text) {
        listener.stage(text);
        (run.get("notes") instanceof ArrayNode a ? a : run.putArray("notes")).add(text);
    }

    void metric(MetricRow row) {
        metrics.add(row);
        listener.metric(row);
    }

    void metrics(List<MetricRow> rows) {
        rows.forEach(this::metric);
    }

    void probes(List<ProbeRow> rows) {
        probes.addAll(rows);
    }

    /** Rewrites the tables with what has been measured so far. */
    void flush() {
        writeTables();
    }

    void localizationProbes(long seed, List<Probes.Row> rows) {
        if (!rows.isEmpty()) {
            LocalizationFiles.writeProbes(seedDir("scores", seed).resolve("probes.csv"), rows);
        }
    }

    void scores(long seed, ComponentScores s, int prompts) {
        Path d = seedDir("scores", seed);
        LocalizationFiles.writeScores(d.resolve(s.method() + ".csv"), s);
        LocalizationFiles.writeSummary(d.resolve(s.method() + ".json"), s, prompts);
        if (!s.positions().isEmpty() && s.method().equals("causal-tracing")) {
            LocalizationFiles.writeTracing(d.resolve("causal-tracing-heatmap.csv"), s);
        }
    }

    /** The circuit method's files (edges.csv, circuit.json, faithfulness.csv) in circuit/ (per seed with several). */
    void circuit(long seed, dev.locus.localize.circuit.CircuitReport report) {
        dev.locus.localize.circuit.CircuitFiles.write(seedDir("circuit", seed), report);
    }

    void mask(long seed, Selection s, LocusModel model) {
        selections.putIfAbsent(s.strategy(), s);
        MaskFiles.write(seedDir("masks", seed), s, model);
    }

    void finish() {
        writeTables();
        run.put("finished", Instant.now().toString());
        run.put("total_seconds", (System.nanoTime() - started) / 1e9);
        ObjectNode stages = run.putObject("seconds");
        seconds.forEach(stages::put);
        // measured, to set beside `locus plan`'s estimates (-1: not measurable on this system)
        ObjectNode resident = run.putObject("peak_resident_bytes");
        peaks.forEach(resident::put);
        AtomicFiles.writeString(dir.resolve("run.json"), run.toPrettyString());
        AtomicFiles.writeString(dir.resolve("results.json"), RunResults.of(config, metrics(), probes(), selections).toPrettyString());
    }

    /** masks/, scores/ or circuit/ itself with one seed; with several, a folder per seed inside it. */
    private Path seedDir(String kind, long seed) {
        Path d = config.seeds().size() == 1 ? dir.resolve(kind) : dir.resolve(kind).resolve("seed-" + seed);
        try {
            java.nio.file.Files.createDirectories(d);
        } catch (java.io.IOException e) {
            throw new dev.locus.core.LocusException(d + ": cannot create (" + e.getMessage() + ")", e);
        }
        return d;
    }

    private void writeTables() {
        writeTables(dir, metrics, probes);
    }

    /** {@code metrics.csv}, {@code relearn.csv} and {@code probes.csv} of these rows into {@code dir}. */
    public static void writeTables(Path dir, List<MetricRow> metrics, List<ProbeRow> probes) {
        List<String> header = List.of("method", "seed", "phase", "format", "split", "metric", "value");
        List<List<?>> all = new ArrayList<>();
        List<List<?>> relearn = new ArrayList<>();
        for (MetricRow r : metrics) {
            List<?> row = List.of(r.method(), r.seed(), r.phase(), r.format(), r.split(), r.metric(), r.value());
            all.add(row);
            if (r.phase().startsWith("relearn-")) {
                relearn.add(List.of(r.method(), r.seed(), Integer.parseInt(r.phase().substring("relearn-".length())),
                        r.format(), r.metric(), r.value()));
            }
        }
        CsvWriter.write(dir.resolve("metrics.csv"), header, all);
        CsvWriter.write(dir.resolve("relearn.csv"), List.of("method", "seed", "step", "format", "metric", "value"), relearn);
        List<List<?>> p = new ArrayList<>();
        for (ProbeRow r : probes) {
            p.add(List.of(r.method(), r.seed(), r.phase(), r.layer(), r.target(), r.accuracy()));
        }
        CsvWriter.write(dir.resolve("probes.csv"), List.of("method", "seed", "phase", "layer", "target", "accuracy"), p);
    }
}
