package dev.locus.ui.results;

import dev.locus.core.LocusException;
import dev.locus.experiment.MetricRow;
import dev.locus.experiment.ProbeRow;
import dev.locus.experiment.ResultsTable;
import dev.locus.experiment.RunBatch;
import dev.locus.experiment.RunFolder;
import dev.locus.export.MethodStyle;
import dev.locus.export.RunFigures;
import dev.locus.model.io.CsvWriter;
import dev.locus.ui.session.Session;
import dev.locus.ui.session.WorkbenchContext;
import dev.locus.ui.task.AppLog;
import dev.locus.ui.task.FileWork;
import dev.locus.ui.task.ModelThread;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
     * {@link #CHARTS} key, the table, the comparison (empty without one), a one-line summary, and the methods the
     * shown runs' configs plan (those of a run in progress that have no rows yet too).
     */
    public record Shown(List<MetricRow> metrics, List<ProbeRow> probes, List<String> methods, List<String> formats,
            String format, Map<String, JFreeChart> charts, List<TableRow> table, List<CompareRow> comparison,
            String summary, List<String> planned) {
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
        latest = ctx.files().run(label, () -> ShownResults.build(read(a), a.label(), b == null || b.equals(a) ? null : read(b),
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

    /**
     * Reads the shipped finished comparison once and builds its charts, on a background thread of low priority, and
     * throws them away: the first "show the finished comparison" then costs about 0.1 s instead of the 1.2 s of
     * loading the CSV, JSON and chart classes and fonts for the first time (measured by the tour's window test).
     */
    public void warmUp() {
        if (!dev.locus.ui.edit.FinishedComparison.available()) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                Path run = dev.locus.ui.edit.FinishedComparison.folder();
                ShownResults.build(read(new RunChoice(run.getParent(), "", List.of(run))), "", null, null, "standard");
            } catch (RuntimeException e) {
                ctx.log().info("could not prepare the finished comparison's results: " + e.getMessage());
            }
        }, "results-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** Reads a run folder from disk and adds it to the session's runs (then shows it). */
    public CompletableFuture<RunFolder> openRunFolder(Path dir) {
        Path folder = dir.toAbsolutePath().normalize();
        return ctx.files().run("Open run folder", () -> RunFolder.read(folder), run -> {
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
        return ctx.files().run("Export metrics", () -> {
            List<List<?>> rows = new ArrayList<>();
            for (MetricRow r : RunBatch.of(read(a)).metrics()) {
                rows.add(List.of(r.method(), r.seed(), r.phase(), r.format(), r.split(), r.metric(), r.value()));
            }
            CsvWriter.write(file, RunFolder.METRIC_COLUMNS, rows);
            return file;
        }, f -> ctx.message().accept("Metrics saved: " + f));
    }

    /** Writes the config that reruns the shown run (a batch's methods in one config) with {@code locus run}. */
    public CompletableFuture<Path> exportConfig(Path file) {
        RunChoice a = requireSelected();
        return ctx.files().run("Export config", () -> {
            RunBatch.config(read(a), a.key()).write(file);
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
        return ctx.files().cancellable("Export figures", reporter -> {
            reporter.progress("reading the run", 0, 0);
            List<RunFolder> runs = read(a);
            RunBatch m = RunBatch.of(runs);
            reporter.progress("writing figures", 0, 0);
            return RunFigures.write(dir, m.metrics(), m.probes(), runs.get(0).config().figures(),
                    RunFigures.generalName(runs.get(0).config()), file -> {
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





}
