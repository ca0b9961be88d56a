package dev.locus.ui.drive;

import dev.locus.experiment.RunRecorder;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.model.Engines;
import dev.locus.model.io.AtomicFiles;
import dev.locus.ui.edit.PaperComparison;
import dev.locus.ui.results.ResultsPanel;
import dev.locus.ui.results.ResultsViewModel;
import dev.locus.ui.runs.BundledComparison;
import dev.locus.ui.session.Panel;
import dev.locus.ui.session.PanelHost;
import dev.locus.ui.task.Job;
import dev.locus.ui.task.ModelThread;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javafx.concurrent.Worker;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.stage.Stage;

/**
 * Long use of the window: runs the paper comparison several times in a row, as the Home panel's button does, and
 * after each run measures what a leak would grow: native arrays alive, the Java heap after a collection, the
 * process's resident memory and the scene's nodes. {@code -Dlocus.soak=FILE.csv} (with {@code -Dlocus.soak.runs=N},
 * default 10, and {@code -Dlocus.soak.config=FILE} for another config) writes one line per run; WorkbenchSoakTest
 * runs a small config the same way.
 */
final class WorkbenchSoak {
    /** What was measured after one run, the window idle again. */
    record Sample(int run, double seconds, int liveArrays, long heapMb, long heapCommittedMb, long rssMb,
                  int sceneNodes, int runsListed, Map<String, Integer> panelNodes) {
        static final String HEADER = "run,seconds,live_arrays,heap_after_gc_mb,heap_committed_mb,rss_mb,scene_nodes,"
                + "runs_listed,panel_nodes";

        String csv() {
            return String.format(Locale.ROOT, "%d,%.1f,%d,%d,%d,%d,%d,%d,%s", run, seconds, liveArrays, heapMb,
                    heapCommittedMb, rssMb, sceneNodes, runsListed,
                    panelNodes.toString().replace(",", "").replace("{", "").replace("}", ""));
        }
    }

    private final PanelHost workbench;
    private final Stage stage;
    private final ModelThread thread;

    WorkbenchSoak(PanelHost workbench, Stage stage, ModelThread thread) {
        this.workbench = workbench;
        this.stage = stage;
        this.thread = thread;
    }

    /** The {@code -Dlocus.soak} measurement: the bundled comparison (or the given config), a CSV line per run. */
    void measure(Path csv) throws Exception {
        int runs = Integer.getInteger("locus.soak.runs", 10);
        String other = System.getProperty("locus.soak.config");
        ExperimentConfig config = other != null ? ExperimentConfig.read(Path.of(other)) : BundledComparison.config();
        List<String> lines = new ArrayList<>(List.of(Sample.HEADER));
        System.out.println(Sample.HEADER);
        run(config, runs, s -> {
            lines.add(s.csv());
            System.out.println(s.csv());
            AtomicFiles.writeString(csv, String.join("\n", lines) + "\n");
        });
    }

    /** Runs config as the paper comparison {@code runs} times, one after another, measuring after each. */
    List<Sample> run(ExperimentConfig config, int runs, Consumer<Sample> each) throws Exception {
        FxDriver.awaitIdle(thread, 600); // the start-up loads
        List<Sample> samples = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            long start = System.nanoTime();
            Job<RunRecorder> job = FxDriver.fx(() -> PaperComparison.start(workbench.context(), config));
            if (job == null) {
                throw new IllegalStateException("run " + i + ": the comparison did not start");
            }
            FxDriver.waitFor(7200, job::isDone);
            Worker.State state = FxDriver.fx(job::getState);
            if (state != Worker.State.SUCCEEDED) {
                throw new IllegalStateException("run " + i + " ended " + state + ": " + job.getException());
            }
            FxDriver.awaitIdle(thread, 600);
            settleResults();
            Sample s = sample(i, (System.nanoTime() - start) / 1e9);
            samples.add(s);
            each.accept(s);
        }
        return samples;
    }

    /** Waits until the Results panel, shown when a comparison ends, has read and drawn the run. */
    private void settleResults() throws Exception {
        ResultsViewModel results = ((ResultsPanel) workbench.panel("Results")).viewModel();
        for (int i = 0; i < 50; i++) {
            var latest = FxDriver.fx(results::latest);
            if (latest != null) {
                latest.get(120, TimeUnit.SECONDS);
            }
            Thread.sleep(500); // a reread every 400 ms at most while a run writes; none once it stopped
            if (FxDriver.fx(results::latest) == latest && !FxDriver.fx(() -> results.loading().get())) {
                return;
            }
        }
    }

    private Sample sample(int run, double seconds) throws Exception {
        Job<Integer> count = FxDriver.fx(() -> thread.submit("count arrays", r -> Engines.liveArrays()));
        int arrays = count.get(120, TimeUnit.SECONDS);
        Runtime r = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long heap = (r.totalMemory() - r.freeMemory()) >> 20;
        int nodes = FxDriver.fx(() -> nodes(stage.getScene().getRoot()));
        int listed = FxDriver.fx(() -> workbench.context().session().runs.size());
        Map<String, Integer> panels = FxDriver.fx(() -> {
            Map<String, Integer> m = new LinkedHashMap<>();
            for (Panel p : workbench.panels()) {
                m.put(p.title(), nodes(p.view()));
            }
            return m;
        });
        return new Sample(run, seconds, arrays, heap, r.totalMemory() >> 20, residentMb(), nodes, listed, panels);
    }

    private static int nodes(Node node) {
        int n = 1;
        if (node instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                n += nodes(child);
            }
        }
        return n;
    }

    /**
     * The process's resident memory (Linux), -1 elsewhere: libtorch's memory shows here, not in the heap; so does the
     * heap's committed size, which the collector grows and shrinks as it likes.
     */
    static long residentMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
