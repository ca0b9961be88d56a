package dev.locus.ui.drive;

import dev.locus.export.heatmap.Heatmap;
import dev.locus.export.heatmap.HeatmapCharts;
import dev.locus.export.heatmap.ScoreHeatmaps;
import dev.locus.ui.data.DataPanel;
import dev.locus.ui.data.DataViewModel;
import dev.locus.ui.edit.EditPanel;
import dev.locus.ui.edit.EditViewModel;
import dev.locus.ui.localize.HeatmapView;
import dev.locus.ui.localize.LocalizePanel;
import dev.locus.ui.localize.LocalizeViewModel;
import dev.locus.ui.model.ModelPanel;
import dev.locus.ui.model.ModelViewModel;
import dev.locus.ui.results.ResultsPanel;
import dev.locus.ui.results.ResultsViewModel;
import dev.locus.ui.select.SelectPanel;
import dev.locus.ui.select.SelectViewModel;
import dev.locus.ui.session.PanelHost;
import dev.locus.ui.session.Session;
import dev.locus.ui.task.AppLog;
import dev.locus.ui.task.Job;
import dev.locus.ui.task.ModelThread;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import javax.imageio.ImageIO;

/**
 * Drives the real window through every panel, for the README's screenshots ({@code -Dlocus.tour=DIR}) and for the
 * workbench's benchmarks ({@code -Dlocus.bench=FILE}; {@code -Dlocus.soak=FILE} is {@link WorkbenchSoak}'s): it
 * loads Sports World, localizes, selects, edits and shows
 * results exactly as a user's clicks would (through the panels' view models), then quits. It runs on its own
 * thread and touches the window only through {@link Platform#runLater}.
 */
public final class WorkbenchTour {
    private final PanelHost workbench;
    private final Stage stage;
    private final ModelThread thread;
    private final Session session;

    private WorkbenchTour(PanelHost workbench, Stage stage, ModelThread thread) {
        this.workbench = workbench;
        this.stage = stage;
        this.thread = thread;
        this.session = workbench.context().session();
    }

    /** Starts the tour or the benchmark when the system properties ask for one; returns at once. */
    public static void startIfAsked(PanelHost workbench, Stage stage, ModelThread thread, double visibleSeconds) {
        String shots = System.getProperty("locus.tour");
        String bench = System.getProperty("locus.bench");
        String soak = System.getProperty("locus.soak");
        String circuitBench = System.getProperty("locus.bench.circuit");
        if (shots == null && bench == null && soak == null && circuitBench == null) {
            return;
        }
        WorkbenchTour tour = new WorkbenchTour(workbench, stage, thread);
        Thread t = new Thread(() -> {
            int code = 0;
            try {
                if (shots != null) {
                    tour.screenshots(Path.of(shots), System.getProperty("locus.tour.run"));
                }
                if (bench != null) {
                    tour.benchmark(Path.of(bench), visibleSeconds);
                }
                if (soak != null) {
                    new WorkbenchSoak(workbench, stage, thread).measure(Path.of(soak));
                }
                if (circuitBench != null) {
                    CircuitViewBench.measure(Integer.parseInt(circuitBench));
                }
            } catch (Throwable e) {
                thread.log().error("tour", e);
                System.err.println("locus: the tour failed: " + AppLog.userMessage(e));
                code = 1;
            }
            int exit = code;
            Platform.runLater(() -> {
                stage.close();
                Platform.exit();
                System.exit(exit);
            });
        }, "locus-tour");
        t.setDaemon(true);
        t.start();
    }

    /** One screenshot per panel, after doing what the panel is for. */
    private void screenshots(Path dir, String runFolder) throws Exception {
        Files.createDirectories(dir);
        fx(() -> {
            stage.setWidth(1440);
            stage.setHeight(900);
            return null;
        });
        awaitIdle(300);
        shoot(dir, "home");

        show("Model");
        ModelViewModel model = ((ModelPanel) workbench.panel("Model")).viewModel();
        await(fx(() -> model.playground().run()));
        shoot(dir, "model");

        show("Data");
        DataViewModel data = ((DataPanel) workbench.panel("Data")).viewModel();
        await(fx(data::scoreAccuracy));
        shoot(dir, "data");

        show("Localize");
        LocalizePanel localizePanel = (LocalizePanel) workbench.panel("Localize");
        LocalizeViewModel localize = localizePanel.viewModel();
        fx(() -> {
            localize.method.set("causal-tracing");
            localize.prompts.set(32);
            return null;
        });
        await(fx(localize::run));
        fx(() -> {
            localize.method.set("attribution-patching");
            localize.prompts.set(64);
            return null;
        });
        await(fx(localize::run));
        shoot(dir, "localize");
        tab("Positions");
        shoot(dir, "localize-tracing");
        tab("Probes");
        shoot(dir, "localize-probes");
        tab("Circuit");
        var circuit = localizePanel.circuitPane().viewModel();      // its defaults: locus circuit's
        await(fx(circuit::run));
        shoot(dir, "circuit");
        tab("Components");

        show("Select");
        SelectViewModel select = ((SelectPanel) workbench.panel("Select")).viewModel();
        fx(() -> {
            select.choose(session.selections.get("flu"));
            session.comparison.set(session.selections.get("attribution-patching"));
            return null;
        });
        shoot(dir, "select");

        show("Edit");
        EditViewModel edit = ((EditPanel) workbench.panel("Edit")).viewModel();
        fx(() -> {
            edit.value("steps").set(40);
            edit.value("batch").set(64);
            edit.value("eval_every").set(10);
            edit.checked().setAll("flu", "attribution-patching");
            return edit.run();
        });
        waitFor(120, () -> fx(() -> !session.runs.isEmpty()));
        Thread.sleep(12_000); // the first curve under way, the job list open
        shoot(dir, "edit-running");
        awaitIdle(900);
        shoot(dir, "edit");

        show("Results");
        if (runFolder != null) {
            ResultsViewModel results = ((ResultsPanel) workbench.panel("Results")).viewModel();
            results.openRunFolder(Path.of(runFolder)).get(60, TimeUnit.SECONDS);
            fx(() -> {
                results.selected().set(results.choices().stream()
                        .filter(c -> c.folders().contains(Path.of(runFolder).toAbsolutePath().normalize())
                                || c.folders().contains(Path.of(runFolder)))
                        .findFirst().orElse(results.selected().get()));
                return null;
            });
            results.latest().get(60, TimeUnit.SECONDS);
        }
        Thread.sleep(1500);
        shoot(dir, "results");
    }

    /**
     * The workbench's targets, measured in this window: time to a visible window, the longest gaps between JavaFX
     * pulses while an edit runs, and how long the JavaFX thread spends redrawing a 42 x 17 heatmap.
     */
    private void benchmark(Path file, double visibleSeconds) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("window_visible_s", round(visibleSeconds));
        awaitIdle(300);
        out.put("model_and_data_loaded_s", round((System.currentTimeMillis()
                - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0));
        out.putAll(heatmapRedraw());

        Thread.sleep(3000); // the panels prepare themselves once the start-up jobs end
        FxPulseMonitor idle = new FxPulseMonitor();
        fx(() -> {
            idle.start();
            return null;
        });
        Thread.sleep(5000);
        fx(() -> {
            idle.stop();
            return null;
        });
        out.put("idle_pulse_gap_max_ms", round(idle.maxGapMs()));

        if (Boolean.getBoolean("locus.bench.warm")) {
            for (String panel : List.of("Results", "Localize", "Select", "Data", "Model", "Home")) {
                show(panel);
            }
        }
        show("Edit");
        EditViewModel edit = ((EditPanel) workbench.panel("Edit")).viewModel();
        FxPulseMonitor busy = new FxPulseMonitor();
        long t = System.nanoTime();
        fx(() -> {
            edit.value("steps").set(60);
            edit.value("eval_every").set(20);
            edit.checked().setAll("flu");
            busy.start();
            long s = System.nanoTime();
            var jobs = edit.run();
            thread.log().info(String.format(Locale.ROOT, "bench edit.run() took %.1f ms on the JavaFX thread",
                    (System.nanoTime() - s) / 1e6));
            return jobs;
        });
        // Wander through the panels while it runs, as a user would: each switch lays out and draws a panel.
        List<String> events = new ArrayList<>();
        for (String panel : List.of("Results", "Localize", "Select", "Data", "Model", "Home", "Data", "Edit")) {
            Thread.sleep(3000);
            events.add(String.format(Locale.ROOT, "%.0f ms: show %s", (System.nanoTime() - t) / 1e6, panel));
            show(panel);
        }
        awaitIdle(1800);
        fx(() -> {
            busy.stop();
            return null;
        });
        out.put("edit_run_s", round((System.nanoTime() - t) / 1e9));
        out.put("edit_pulses", busy.gaps());
        out.put("edit_pulse_gap_max_ms", round(busy.maxGapMs()));
        out.put("edit_pulse_gap_p99_ms", round(busy.p99GapMs()));
        List<String> gaps = new ArrayList<>();
        for (double[] g : busy.longGaps()) {
            gaps.add(String.format(Locale.ROOT, "\"at %.0f ms: %.0f ms\"", g[0], g[1]));
        }
        out.put("edit_long_gaps", "[" + String.join(", ", gaps) + "]");
        events.forEach(e -> thread.log().info("bench " + e));
        StringBuilder json = new StringBuilder("{\n");
        List<String> lines = new ArrayList<>();
        out.forEach((k, v) -> lines.add("  \"" + k + "\": " + v));
        json.append(String.join(",\n", lines)).append("\n}\n");
        dev.locus.model.io.AtomicFiles.writeString(file, json.toString());
        System.out.print(json);
    }

    /** Redraws a 42-layer x (16 heads + MLP) heatmap in a real chart canvas, timing the JavaFX thread's part. */
    private Map<String, Object> heatmapRedraw() throws Exception {
        int layers = 42;
        int heads = 16;
        List<String> columns = new ArrayList<>();
        for (int h = 0; h < heads; h++) {
            columns.add("H" + h);
        }
        columns.add(ScoreHeatmaps.MLP);
        List<String> rows = new ArrayList<>();
        double[][] values = new double[layers][heads + 1];
        String[][] ids = new String[layers][heads + 1];
        Random random = new Random(7);
        for (int l = 0; l < layers; l++) {
            rows.add("L" + l);
            for (int c = 0; c <= heads; c++) {
                values[l][c] = random.nextGaussian() * (c == heads ? 0.3 : 0.1);
                ids[l][c] = c == heads ? "L" + l + ".mlp" : "L" + l + ".H" + c;
            }
        }
        Heatmap grid = new Heatmap(columns, rows, values, ids, "Component", "Layer", "Normalized score");
        return fx(() -> {
            org.jfree.chart.JFreeChart chart = HeatmapCharts.heatmap(grid, "Component scores (42 x 17)");
            HeatmapCharts.outline(chart, grid, List.of("L2.mlp", "L3.mlp", "L4.H1", "L20.H3"), false);
            HeatmapView view = new HeatmapView(workbench.context(), grid, chart, "heatmap-42x17");
            Stage probe = new Stage();
            probe.setScene(new javafx.scene.Scene(view, 1000, 760));
            probe.show();
            var canvas = view.chartPane().viewer().getCanvas();
            for (int i = 0; i < 30; i++) {
                canvas.draw();
            }
            int n = 200;
            double[] ms = new double[n];
            for (int i = 0; i < n; i++) {
                long start = System.nanoTime();
                canvas.draw();
                ms[i] = (System.nanoTime() - start) / 1e6;
            }
            probe.close();
            Arrays.sort(ms);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("heatmap_42x17_canvas", "\"" + (int) canvas.getWidth() + "x" + (int) canvas.getHeight() + "\"");
            m.put("heatmap_42x17_redraw_median_ms", round(ms[n / 2]));
            m.put("heatmap_42x17_redraw_p95_ms", round(ms[(int) (n * 0.95)]));
            m.put("heatmap_42x17_redraw_max_ms", round(ms[n - 1]));
            return m;
        });
    }

    private void show(String panel) throws Exception {
        fx(() -> {
            workbench.show(panel);
            return null;
        });
        Thread.sleep(400);
    }

    private void tab(String title) throws Exception {
        fx(() -> {
            TabPane tabs = (TabPane) stage.getScene().getRoot().lookup(".tab-pane");
            for (Tab t : tabs.getTabs()) {
                if (t.getText().equals(title)) {
                    tabs.getSelectionModel().select(t);
                }
            }
            return null;
        });
        Thread.sleep(600);
    }

    private void shoot(Path dir, String name) throws Exception {
        Thread.sleep(800); // let charts lay out and draw
        BufferedImage image = fx(() -> SwingFXUtils.fromFXImage(stage.getScene().snapshot(null), null));
        try {
            ImageIO.write(image, "png", dir.resolve(name + ".png").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("screenshot " + dir.resolve(name + ".png"));
    }

    private void await(Job<?> job) throws Exception {
        waitFor(900, job::isDone);
        awaitIdle(900);
    }

    private void awaitIdle(int seconds) throws Exception {
        FxDriver.awaitIdle(thread, seconds);
    }

    private static void waitFor(int seconds, Callable<Boolean> condition) throws Exception {
        FxDriver.waitFor(seconds, condition);
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return FxDriver.fx(c);
    }

    private static String round(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
