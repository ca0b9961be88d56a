package dev.locus.ui;

import dev.locus.experiment.EditSettings;
import dev.locus.experiment.ExperimentConfig;
import dev.locus.experiment.MetricRow;
import dev.locus.experiment.ProbeRow;
import dev.locus.experiment.ResultsTable;
import dev.locus.experiment.RunFolder;
import dev.locus.export.Charts;
import dev.locus.export.MethodStyle;
import dev.locus.export.RunFigures;
import dev.locus.model.LocusException;
import dev.locus.model.io.CsvWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.util.Duration;
import org.jfree.chart.JFreeChart;

/**
 * The state of the Results panel: which runs there are (the session's run folders, a batch of the edit queue as
 * one), which is shown and which it is compared with, the prompt format of the bars, and what was read: charts, the
 * headline table and the comparison. Run folders are read on the {@link FileWork} thread, never on the JavaFX
 * thread nor the model thread; a run in progress is reread (debounced) each time {@link Session#runsChanged} ticks.
 * Call everything on the JavaFX thread.
 */
public final class ResultsViewModel {
    /** Chart keys of {@link Shown#charts()}, in the order the panel lays them out. */
    public static final List<String> CHARTS = List.of("bars", "radar", "relearn", "probes-true", "probes-edit");

    /**
     * A run, or a batch of runs from the edit queue (folders that share a parent folder), shown as one.
     *
     * @param key the batch's parent folder (a lone run's too), which keeps a choice chosen as its batch grows
     */
    public record RunChoice(Path key, String label, List<Path> folders) {
        public RunChoice {
            folders = List.copyOf(folders);
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /**
     * A row of the headline table: a method, the method its color is (the same, but for a compared run's
     * "B · Fact Lookup"), whether that color is shown lighter (run B), and {@link ResultsTable#COLUMNS} to value
     * (NaN where none).
     */
    public record TableRow(String method, String colorOf, boolean lighter, Map<String, Double> values) {
        public String name() {
            return MethodStyle.displayName(method);
        }
    }

    /** One headline value of two runs side by side. */
    public record CompareRow(String method, String column, double a, double b) {
        public String name() {
            return MethodStyle.displayName(method);
        }

        /** b - a (NaN when either is missing). */
        public double difference() {
            return b - a;
        }
    }

    /**
     * What a read produced: the rows (method names prefixed by run when two runs are compared), the charts by
     * {@link #CHARTS} key, the table, the comparison (empty without one), and a one-line summary.
     */
    public record Shown(List<MetricRow> metrics, List<ProbeRow> probes, List<String> methods, List<String> formats,
            String format, Map<String, JFreeChart> charts, List<TableRow> table, List<CompareRow> comparison,
            String summary) {
    }

    /** The name of the runs' methods after prefixing: "A · Fact Lookup". */
    static String prefixed(String run, String method) {
        return run + " · " + MethodStyle.displayName(method);
    }

    private final WorkbenchContext ctx;
    private final Session session;
    private final ObservableList<RunChoice> choices = FXCollections.observableArrayList();
    private final ObjectProperty<RunChoice> selected = new SimpleObjectProperty<>();
    private final ObjectProperty<RunChoice> compareWith = new SimpleObjectProperty<>();
    private final ObservableList<String> formats = FXCollections.observableArrayList();
    private final StringProperty format = new SimpleStringProperty("standard");
    private final ObjectProperty<Shown> shown = new SimpleObjectProperty<>();
    private final ObservableList<TableRow> table = FXCollections.observableArrayList();
    private final ObservableList<CompareRow> comparison = FXCollections.observableArrayList();
    private final BooleanProperty loading = new SimpleBooleanProperty();
    private final StringProperty problem = new SimpleStringProperty("");
    private final BooleanBinding empty;
    private final PauseTransition debounce = new PauseTransition(Duration.millis(400));
    private long generation;
    private CompletableFuture<Shown> latest = CompletableFuture.completedFuture(null);

    public ResultsViewModel(WorkbenchContext ctx) {
        this.ctx = ctx;
        this.session = ctx.session();
        empty = Bindings.isEmpty(session.runs);
        session.runs.addListener((ListChangeListener<Path>) c -> runsChanged(c));
        // A run in progress ticks at every metric row: reread at most every 400 ms (not restarted by each tick, so a
        // steady stream of ticks still shows its results as they come; a read starts after the last tick it covers).
        debounce.setOnFinished(e -> reload());
        session.runsChanged.addListener((o, a, b) -> {
            if (debounce.getStatus() != javafx.animation.Animation.Status.RUNNING) {
                debounce.playFromStart();
            }
        });
        selected.addListener((o, a, b) -> reload());
        compareWith.addListener((o, a, b) -> reload());
        format.addListener((o, a, b) -> {
            if (b != null && (shown.get() == null || !b.equals(shown.get().format()))) {
                reload();
            }
        });
        rebuildChoices(null);
    }

    public ObservableList<RunChoice> choices() {
        return choices;
    }

    public ObjectProperty<RunChoice> selected() {
        return selected;
    }

    /** The run compared with {@link #selected}, or null for none. */
    public ObjectProperty<RunChoice> compareWith() {
        return compareWith;
    }

    public ObservableList<String> formats() {
        return formats;
    }

    /** The prompt format of the before/after bars and relearning curves. */
    public StringProperty format() {
        return format;
    }

    public ObjectProperty<Shown> shown() {
        return shown;
    }

    public ObservableList<TableRow> table() {
        return table;
    }

    public ObservableList<CompareRow> comparison() {
        return comparison;
    }

    public BooleanProperty loading() {
        return loading;
    }

    /** What went wrong reading the runs shown, or "". */
    public StringProperty problem() {
        return problem;
    }

    /** True while the session has no runs (the panel then says how to get some). */
    public BooleanBinding empty() {
        return empty;
    }

    /** The latest read, done when its results are shown (for tests). */
    public CompletableFuture<Shown> latest() {
        return latest;
    }

    /** Reads the chosen runs again and shows them. */
    public CompletableFuture<Shown> reload() {
        RunChoice a = selected.get();
        RunChoice b = compareWith.get();
        String f = format.get();
        long mine = ++generation;
        if (a == null) {
            apply(null);
            latest = CompletableFuture.completedFuture(null);
            return latest;
        }
        loading.set(true);
        String label = b == null || b.equals(a) ? "Read results" : "Compare runs";
        latest = FileWork.run(ctx, label, () -> build(read(a), a.label(), b == null || b.equals(a) ? null : read(b),
                b == null ? null : b.label(), f), s -> {
                    if (mine == generation) {
                        apply(s);
                    }
                });
        latest.whenComplete((s, e) -> ModelThread.fx(() -> {
            if (mine == generation) {
                loading.set(false);
                problem.set(e == null ? "" : AppLog.userMessage(e));
            }
        }));
        return latest;
    }

    /** Reads a run folder from disk and adds it to the session's runs (then shows it). */
    public CompletableFuture<RunFolder> openRunFolder(Path dir) {
        Path folder = dir.toAbsolutePath().normalize();
        return FileWork.run(ctx, "Open run folder", () -> RunFolder.read(folder), run -> {
            if (!session.runs.contains(folder)) {
                session.runs.add(folder);
            }
            choices.stream().filter(c -> c.folders().contains(folder)).findFirst().ifPresent(selected::set);
            ctx.message().accept("Opened run " + folder.getFileName() + " (" + run.methods().size() + " methods)");
        });
    }

    /** Writes the shown run's metrics (a batch's merged) as {@code metrics.csv} columns. */
    public CompletableFuture<Path> exportMetricsCsv(Path file) {
        RunChoice a = requireSelected();
        return FileWork.run(ctx, "Export metrics", () -> {
            List<List<?>> rows = new ArrayList<>();
            for (MetricRow r : merge(read(a)).metrics()) {
                rows.add(List.of(r.method(), r.seed(), r.phase(), r.format(), r.split(), r.metric(), r.value()));
            }
            CsvWriter.write(file, RunFolder.METRIC_COLUMNS, rows);
            return file;
        }, f -> ctx.message().accept("Metrics saved: " + f));
    }

    /** Writes the config that reruns the shown run (a batch's methods in one config) with {@code locus run}. */
    public CompletableFuture<Path> exportConfig(Path file) {
        RunChoice a = requireSelected();
        return FileWork.run(ctx, "Export config", () -> {
            mergedConfig(read(a), a.key()).write(file);
            return file;
        }, f -> ctx.message().accept("Config saved: " + f + " (rerun it with: locus run " + f.getFileName() + ")"));
    }

    /** Writes every figure of the shown run into dir (PNG, SVG and PDF each), as {@code locus run} does. */
    public CompletableFuture<List<String>> exportFigures(Path dir) {
        return exportFigures(dir, file -> { });
    }

    /** As {@link #exportFigures(Path)}, telling {@code fileDone} each file once written, on the file thread (tests). */
    CompletableFuture<List<String>> exportFigures(Path dir, java.util.function.Consumer<Path> fileDone) {
        RunChoice a = requireSelected();
        return FileWork.cancellable(ctx, "Export figures", reporter -> {
            reporter.progress("reading the run", 0, 0);
            List<RunFolder> runs = read(a);
            Merged m = merge(runs);
            reporter.progress("writing figures", 0, 0);
            return RunFigures.write(dir, m.metrics(), m.probes(), runs.get(0).config().figures(), file -> {
                fileDone.accept(file);
                // Java's font code clears the thread's interrupt when a cancel lands while it reads a font file (as
                // a figure draws its text): the job's own cancelled state is what stops the export after this file.
                reporter.checkCancelled();
            });
        }, names -> ctx.message().accept(names.size() + " figures saved in " + dir));
    }

    private RunChoice requireSelected() {
        RunChoice a = selected.get();
        if (a == null) {
            throw new LocusException("no run to export: run an edit or open a run folder first");
        }
        return a;
    }

    private void apply(Shown s) {
        shown.set(s);
        if (s == null) {
            formats.clear();
            table.clear();
            comparison.clear();
            problem.set("");
            return;
        }
        if (!formats.equals(s.formats())) {
            formats.setAll(s.formats());
        }
        if (!s.format().equals(format.get())) {
            format.set(s.format());
        }
        table.setAll(s.table());
        comparison.setAll(s.comparison());
    }

    private void runsChanged(ListChangeListener.Change<? extends Path> c) {
        Path newest = null;
        while (c.next()) {
            if (c.wasAdded() && !c.getAddedSubList().isEmpty()) {
                newest = c.getAddedSubList().get(c.getAddedSubList().size() - 1);
            }
        }
        rebuildChoices(newest);
    }

    /** Groups the session's runs; keeps the chosen runs, or shows the batch of a run just added. */
    private void rebuildChoices(Path added) {
        Map<Path, List<Path>> byParent = new LinkedHashMap<>();
        for (Path p : session.runs) {
            Path abs = p.toAbsolutePath().normalize();
            Path parent = abs.getParent() == null ? abs : abs.getParent();
            byParent.computeIfAbsent(parent, k -> new ArrayList<>()).add(abs);
        }
        List<RunChoice> next = new ArrayList<>();
        byParent.forEach((parent, folders) -> next.add(folders.size() == 1
                ? new RunChoice(parent, parent.getFileName() + "/" + folders.get(0).getFileName(), folders)
                : new RunChoice(parent, parent.getFileName() + " (" + folders.size() + " runs)", folders)));
        RunChoice a = find(next, added != null ? added.toAbsolutePath().normalize().getParent() : keyOf(selected.get()));
        if (a == null && !next.isEmpty()) {
            a = next.get(next.size() - 1);
        }
        RunChoice b = find(next, keyOf(compareWith.get()));
        choices.setAll(next);
        boolean changed = !java.util.Objects.equals(a, selected.get()) || !java.util.Objects.equals(b, compareWith.get());
        long before = generation;
        selected.set(a);
        compareWith.set(b);
        if (changed && generation == before) {
            reload();
        }
    }

    private static Path keyOf(RunChoice c) {
        return c == null ? null : c.key();
    }

    private static RunChoice find(List<RunChoice> list, Path key) {
        return key == null ? null : list.stream().filter(c -> c.key().equals(key)).findFirst().orElse(null);
    }

    // ---- reading and building, on the file thread ----

    /** The choice's run folders read; a folder whose run has not written its config yet is skipped. */
    static List<RunFolder> read(RunChoice choice) {
        List<RunFolder> out = new ArrayList<>();
        for (Path dir : choice.folders()) {
            if (!Files.exists(dir) || Files.isDirectory(dir) && !RunFolder.isRun(dir)) {
                continue; // a run just starting: its folder and then its config.json come next
            }
            out.add(RunFolder.read(dir));
        }
        return out; // empty while the runs are starting: nothing to show yet, and nothing wrong
    }

    /** A batch's rows together; a method that two runs of the batch share is named by its run the second time. */
    record Merged(List<MetricRow> metrics, List<ProbeRow> probes, List<String> methods) {
    }

    static Merged merge(List<RunFolder> runs) {
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
                metrics.add(rename(r, names.getOrDefault(r.method(), r.method())));
            }
            for (ProbeRow r : run.probes()) {
                probes.add(rename(r, names.getOrDefault(r.method(), r.method())));
            }
        }
        return new Merged(metrics, probes, methods);
    }

    /**
     * The config that reruns a batch with {@code locus run}: the first run's, with every run's methods, each with the
     * edit settings and mask file its own run had.
     */
    static ExperimentConfig mergedConfig(List<RunFolder> runs, Path batch) {
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

    /**
     * Everything the panel shows for runs a (and b to compare with, or null): charts in format (or the first format
     * the runs have), the headline table, the comparison.
     */
    static Shown build(List<RunFolder> a, String labelA, List<RunFolder> b, String labelB, String format) {
        if (a.isEmpty()) {
            return null; // its runs have written nothing yet
        }
        Merged ma = merge(a);
        List<MetricRow> metrics;
        List<ProbeRow> probes;
        List<String> methods;
        Map<String, java.awt.Color> colors = new LinkedHashMap<>();
        Map<String, String> colorOf = new LinkedHashMap<>();
        List<CompareRow> comparison = new ArrayList<>();
        String summary;
        if (b == null) {
            metrics = ma.metrics();
            probes = ma.probes();
            methods = ma.methods();
            long seeds = metrics.stream().mapToLong(MetricRow::seed).distinct().count();
            summary = methods.size() + (methods.size() == 1 ? " method" : " methods") + ", " + seeds
                    + (seeds == 1 ? " seed" : " seeds") + ", " + a.size() + (a.size() == 1 ? " run" : " runs");
        } else {
            Merged mb = merge(b);
            metrics = new ArrayList<>();
            probes = new ArrayList<>();
            methods = new ArrayList<>();
            addPrefixed("A", ma, metrics, probes, methods, colors, colorOf, false);
            addPrefixed("B", mb, metrics, probes, methods, colors, colorOf, true);
            Map<String, Map<String, Double>> ta = ResultsTable.of(ma.methods(), ma.metrics(), ma.probes());
            Map<String, Map<String, Double>> tb = ResultsTable.of(mb.methods(), mb.metrics(), mb.probes());
            for (String m : MethodStyle.sorted(union(ma.methods(), mb.methods()))) {
                for (String col : ResultsTable.COLUMNS) {
                    double va = ta.containsKey(m) ? ta.get(m).get(col) : Double.NaN;
                    double vb = tb.containsKey(m) ? tb.get(m).get(col) : Double.NaN;
                    if (!Double.isNaN(va) || !Double.isNaN(vb)) {
                        comparison.add(new CompareRow(m, col, va, vb));
                    }
                }
            }
            summary = "A = " + labelA + ", B = " + labelB;
        }
        List<String> formats = metrics.stream().filter(r -> r.phase().equals(Charts.AFTER) && r.split().equals("forget"))
                .map(MetricRow::format).distinct().toList();
        String f = formats.contains(format) ? format : formats.contains("standard") ? "standard"
                : formats.isEmpty() ? "standard" : formats.get(0);
        Map<String, JFreeChart> charts = new LinkedHashMap<>();
        charts.put("bars", Charts.beforeAfterBars("Before and After Editing (" + Charts.formatName(f) + ")", metrics, f,
                RunFigures.barPanels(f)));
        JFreeChart radar = Charts.radar(metrics);
        if (radar.getPlot() instanceof org.jfree.chart.plot.SpiderWebPlot web) {
            // a pane of the window is narrower than a figure: more room around the web for the axis labels
            web.setInteriorGap(Math.max(web.getInteriorGap(), 0.24));
        }
        charts.put("radar", radar);
        boolean relearnInFormat = metrics.stream().anyMatch(r -> r.format().equals(f)
                && r.phase().startsWith(Charts.RELEARN_PREFIX));
        charts.put("relearn", Charts.relearnCurves(metrics, relearnInFormat ? f : "standard"));
        charts.put("probes-true", Charts.probeCurves(probes, "true"));
        charts.put("probes-edit", Charts.probeCurves(probes, "edit"));
        if (b != null) {
            charts.values().forEach(c -> SeriesColors.apply(c, colors, "A = " + labelA + "   B = " + labelB + " (lighter)"));
        }
        List<TableRow> table = new ArrayList<>();
        ResultsTable.of(methods, metrics, probes).forEach((m, values) -> table.add(new TableRow(m,
                colorOf.getOrDefault(m, m), m.startsWith("B · "), values)));
        return new Shown(metrics, probes, methods, formats, f, charts, table, comparison, summary);
    }

    private static void addPrefixed(String run, Merged m, List<MetricRow> metrics, List<ProbeRow> probes,
            List<String> methods, Map<String, java.awt.Color> colors, Map<String, String> colorOf, boolean lighter) {
        for (String method : m.methods()) {
            String name = prefixed(run, method);
            methods.add(name);
            colorOf.put(name, method);
            java.awt.Color c = MethodStyle.color(method);
            colors.put(name, lighter ? SeriesColors.lighter(c) : c);
        }
        for (MetricRow r : m.metrics()) {
            metrics.add(rename(r, r.method().equals(MethodStyle.NONE) ? r.method() : prefixed(run, r.method())));
        }
        for (ProbeRow r : m.probes()) {
            probes.add(rename(r, r.method().equals(MethodStyle.NONE) ? r.method() : prefixed(run, r.method())));
        }
    }

    private static List<String> union(List<String> a, List<String> b) {
        LinkedHashSet<String> s = new LinkedHashSet<>(a);
        s.addAll(b);
        return List.copyOf(s);
    }

    private static MetricRow rename(MetricRow r, String method) {
        return method.equals(r.method()) ? r
                : new MetricRow(method, r.seed(), r.phase(), r.format(), r.split(), r.metric(), r.value());
    }

    private static ProbeRow rename(ProbeRow r, String method) {
        return method.equals(r.method()) ? r : new ProbeRow(method, r.seed(), r.phase(), r.layer(), r.target(), r.accuracy());
    }
}
