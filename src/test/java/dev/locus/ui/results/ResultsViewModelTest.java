package dev.locus.ui.results;

import static dev.locus.ui.fixtures.Fx.fx;
import static org.junit.jupiter.api.Assertions.*;

import dev.locus.experiment.MetricRow;
import dev.locus.experiment.RunFolder;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.ui.fixtures.TinyRun;
import dev.locus.ui.session.Session;
import dev.locus.ui.session.WorkbenchContext;
import dev.locus.ui.task.AppLog;
import dev.locus.ui.task.ModelThread;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The Results view model over a real small run: charts, table, live rereads, batches, comparison, exports. */
class ResultsViewModelTest {
    @TempDir
    Path tmp;
    private ModelThread thread;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() {
        if (thread != null) {
            thread.close();
        }
    }

    private ResultsViewModel vm(Session session) throws Exception {
        thread = new ModelThread(new AppLog(tmp.resolve("log.txt")));
        WorkbenchContext ctx = WorkbenchContext.headless(session, thread);
        return WaitForAsyncUtils.asyncFx(() -> new ResultsViewModel(ctx)).get(10, TimeUnit.SECONDS);
    }


    /** Waits for the view model's latest read to be shown (it may be replaced by a newer one meanwhile). */
    private static ResultsViewModel.Shown settle(ResultsViewModel vm) throws Exception {
        for (int i = 0; i < 200; i++) {
            CompletableFuture<ResultsViewModel.Shown> f = fx(vm::latest);
            f.get(60, TimeUnit.SECONDS);
            WaitForAsyncUtils.waitForFxEvents();
            if (fx(vm::latest) == f && !fx(() -> vm.loading().get())) {
                return fx(() -> vm.shown().get());
            }
        }
        throw new AssertionError("the view model never settled");
    }

    @Test
    void showsTheChartsAndTableOfARun() throws Exception {
        Session session = new Session();
        ResultsViewModel vm = vm(session);
        assertTrue(fx(() -> vm.empty().get()));
        Path run = TinyRun.folder();
        fx(() -> session.runs.add(run));
        ResultsViewModel.Shown s = settle(vm);
        assertFalse(fx(() -> vm.empty().get()));
        assertEquals("batch/tiny-ui", fx(() -> vm.selected().get().label()), "a run alone is named with its folder");
        assertEquals(List.of("flu", "causal-tracing", "random", "all-mlps"), s.methods());
        assertEquals(ResultsViewModel.CHARTS, List.copyOf(s.charts().keySet()));
        CategoryPlot bars = s.charts().get("bars").getCategoryPlot();
        assertEquals(4, bars.getDataset().getRowCount(), "a bar per method");
        assertEquals(4, bars.getDataset().getColumnCount(), "the standard panel's four groups");
        XYPlot relearn = s.charts().get("relearn").getXYPlot();
        assertEquals(4, relearn.getDataset().getSeriesCount(), "a relearning curve per method");
        assertTrue(s.charts().get("probes-true").getXYPlot().getDataset().getSeriesCount() >= 4);
        assertTrue(fx(() -> vm.formats()).containsAll(List.of("standard", "mcq")));

        List<ResultsViewModel.TableRow> table = fx(() -> List.copyOf(vm.table()));
        assertEquals(List.of("flu", "causal-tracing", "random", "all-mlps"),
                table.stream().map(ResultsViewModel.TableRow::method).toList());
        List<MetricRow> rows = RunFolder.read(run).metrics();
        double fluForget = rows.stream().filter(r -> r.method().equals("flu") && r.phase().equals("after")
                && r.format().equals("standard") && r.split().equals("forget") && r.metric().equals("accuracy"))
                .mapToDouble(MetricRow::value).average().orElseThrow();
        assertEquals(fluForget, table.get(0).values().get("forget"), 1e-12);
        assertFalse(Double.isNaN(table.get(0).values().get("relearned")));

        fx(() -> {
            vm.format().set("mcq");
            return null;
        });
        s = settle(vm);
        assertEquals("mcq", s.format());
        assertEquals(2, s.charts().get("bars").getCategoryPlot().getDataset().getColumnCount(), "the MCQ panel");
    }

    @Test
    void aRunInProgressIsRereadWhenRunsChangedTicks() throws Exception {
        Path live = TinyRun.copy(tmp.resolve("queue").resolve("live"));
        Path csv = live.resolve("metrics.csv");
        List<String> all = Files.readAllLines(csv);
        // as after the first method: only flu's rows (and the unedited model's probes)
        Files.write(csv, all.stream().filter(l -> l.startsWith("method,") || l.startsWith("flu,")).toList());
        Path probes = live.resolve("probes.csv");
        List<String> allProbes = Files.readAllLines(probes);
        Files.write(probes, allProbes.stream().filter(l -> l.startsWith("method,") || l.startsWith("flu,")
                || l.startsWith("none,")).toList());
        Session session = new Session();
        ResultsViewModel vm = vm(session);
        fx(() -> session.runs.add(live));
        assertEquals(List.of("flu"), settle(vm).methods());
        Files.write(csv, all);
        Files.write(probes, allProbes);
        fx(() -> {
            session.runsChanged.set(session.runsChanged.get() + 1);
            return null;
        });
        Thread.sleep(600); // the reread waits for the writes to settle
        ResultsViewModel.Shown s = settle(vm);
        assertEquals(List.of("flu", "causal-tracing", "random", "all-mlps"), s.methods());
        assertEquals(4, fx(() -> vm.table().size()));
    }

    @Test
    void aBatchIsOneChoiceAndTwoRunsCompare() throws Exception {
        Path a1 = TinyRun.copy(tmp.resolve("queue-a").resolve("flu"));
        Path a2 = TinyRun.copy(tmp.resolve("queue-a").resolve("again"));
        Path b = TinyRun.copy(tmp.resolve("queue-b").resolve("other"));
        // run B: flu did twice as well at forgetting
        Path csv = b.resolve("metrics.csv");
        Files.write(csv, Files.readAllLines(csv).stream().map(l -> l.startsWith("flu,0,after,standard,forget,accuracy,")
                ? "flu,0,after,standard,forget,accuracy,0.0" : l).toList());
        Session session = new Session();
        ResultsViewModel vm = vm(session);
        fx(() -> session.runs.addAll(a1, a2, b));
        settle(vm);
        List<ResultsViewModel.RunChoice> choices = fx(() -> List.copyOf(vm.choices()));
        assertEquals(2, choices.size(), "the two runs of queue-a are one batch");
        assertEquals(List.of(a1, a2), choices.get(0).folders());
        assertEquals("queue-a (2 runs)", choices.get(0).label());
        assertEquals(b, fx(() -> vm.selected().get().folders().get(0)), "the newest run is shown");

        fx(() -> {
            vm.selected().set(choices.get(0));
            return null;
        });
        ResultsViewModel.Shown batch = settle(vm);
        assertTrue(batch.methods().containsAll(List.of("flu", "flu (again)")),
                "a method two runs of a batch share is named by its run: " + batch.methods());

        fx(() -> {
            vm.selected().set(choices.get(1));
            vm.compareWith().set(choices.get(0));
            return null;
        });
        ResultsViewModel.Shown s = settle(vm);
        assertTrue(s.methods().contains("A · Fact Lookup") && s.methods().contains("B · Fact Lookup"), s.methods().toString());
        List<String> bars = (List<String>) s.charts().get("bars").getCategoryPlot().getDataset().getRowKeys().stream()
                .map(String::valueOf).collect(Collectors.toList());
        assertTrue(bars.contains("A · Fact Lookup") && bars.contains("B · Fact Lookup"), bars.toString());
        java.awt.Paint a = s.charts().get("bars").getCategoryPlot().getRenderer().getSeriesPaint(bars.indexOf("A · Fact Lookup"));
        assertEquals(dev.locus.export.MethodStyle.color("flu"), a, "run A keeps the paper's colors");
        ResultsViewModel.CompareRow forget = fx(() -> vm.comparison()).stream()
                .filter(r -> r.method().equals("flu") && r.column().equals("forget")).findFirst().orElseThrow();
        assertEquals(0.0, forget.a(), 1e-12, "A is queue-b's run, B queue-a's");
        assertEquals(forget.b() - forget.a(), forget.difference(), 1e-12);
        assertTrue(forget.b() > 0);
    }

    @Test
    void exportsMetricsConfigAndFigures() throws Exception {
        Path a1 = TinyRun.copy(tmp.resolve("queue").resolve("one"));
        Path a2 = TinyRun.copy(tmp.resolve("queue").resolve("two"));
        // the queue's second run compared another method with other settings
        ExperimentConfig c2 = ExperimentConfig.read(a2.resolve("config.json"));
        ExperimentConfig other = c2.withRun("two", c2.seeds(), List.of("nonlocalized"))
                .withEdit(c2.edit().merged(new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"steps\": 7}")),
                        java.util.Map.of());
        other.write(a2.resolve("config.json"));
        Path csv = a2.resolve("metrics.csv");
        Files.write(csv, Files.readAllLines(csv).stream().map(l -> l.startsWith("random,") ? "nonlocalized" + l.substring(6) : l)
                .filter(l -> l.startsWith("method,") || l.startsWith("nonlocalized,")).toList());
        Session session = new Session();
        ResultsViewModel vm = vm(session);
        fx(() -> session.runs.addAll(a1, a2));
        settle(vm);

        Path metrics = fx(() -> vm.exportMetricsCsv(tmp.resolve("out").resolve("m.csv"))).get(60, TimeUnit.SECONDS);
        List<String> lines = Files.readAllLines(metrics);
        assertEquals(String.join(",", RunFolder.METRIC_COLUMNS), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("nonlocalized,0,after,")), "the batch's runs merged");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("flu,0,after,")));

        Path config = fx(() -> vm.exportConfig(tmp.resolve("out").resolve("c.json"))).get(60, TimeUnit.SECONDS);
        ExperimentConfig again = ExperimentConfig.read(config);
        assertEquals(List.of("flu", "causal-tracing", "random", "all-mlps", "nonlocalized"), again.methods());
        assertEquals(7, again.editFor("nonlocalized").steps(), "each method keeps its run's edit settings");
        assertEquals(4, again.editFor("flu").steps());
        assertEquals("queue", again.name());

        List<String> figures = fx(() -> vm.exportFigures(tmp.resolve("figs"))).get(120, TimeUnit.SECONDS);
        assertTrue(figures.containsAll(List.of("bars-standard", "relearn-standard", "probes-true", "radar")), figures.toString());
        assertTrue(Files.size(tmp.resolve("figs").resolve("radar.pdf")) > 1000);
    }

    @Test
    void openingAFolderThatIsNoRunSaysSoAndAddsNothing() throws Exception {
        Session session = new Session();
        List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
        thread = new ModelThread(new AppLog(tmp.resolve("log.txt")));
        WorkbenchContext ctx = new WorkbenchContext(session, thread, thread.log(), t -> { }, messages::add, () -> null);
        ResultsViewModel vm = fx(() -> new ResultsViewModel(ctx));
        Path notRun = Files.createDirectories(tmp.resolve("holiday"));
        CompletableFuture<RunFolder> f = fx(() -> vm.openRunFolder(notRun));
        assertThrows(Exception.class, () -> f.get(30, TimeUnit.SECONDS));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(fx(() -> session.runs.isEmpty()));
        assertEquals(1, messages.size(), messages.toString());
        assertTrue(messages.get(0).startsWith("Open run folder: ") && messages.get(0).contains("not a run folder"),
                messages.get(0));
        fx(() -> vm.openRunFolder(TinyRun.folder())).get(60, TimeUnit.SECONDS);
        assertEquals(List.of(TinyRun.folder()), fx(() -> List.copyOf(session.runs)));
    }
}
