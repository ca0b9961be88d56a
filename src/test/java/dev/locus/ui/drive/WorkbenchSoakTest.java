package dev.locus.ui.drive;

import static org.junit.jupiter.api.Assertions.*;

import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.ui.Workbench;
import dev.locus.ui.fixtures.TestWindows;
import dev.locus.ui.session.Session;
import dev.locus.ui.task.ModelThread;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

/**
 * Long use of the real window (headless): the paper comparison, in small, run ten times in a row from the same
 * action as the Home panel's button. After the first run (which loads classes and fills caches) nothing may grow:
 * native arrays alive, the heap after a collection, the scene's nodes. The full-size comparison is measured the
 * same way with {@code -Dlocus.soak} (README, Benchmarks).
 */
class WorkbenchSoakTest {
    static final int RUNS = Integer.getInteger("locus.soak.runs", 10);

    @TempDir
    Path tmp;

    @Test
    void theComparisonTenTimesInARowLeavesMemoryFlat() throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        ExperimentConfig config = ExperimentConfig.read(
                Path.of(WorkbenchSoakTest.class.getResource("soak-comparison.json").toURI()));
        try (ModelThread thread = TestWindows.thread()) {
            Workbench workbench = FxDriver.fx(() -> {
                Session session = new Session();
                session.workspaceFolder.set(tmp.resolve("workspace"));
                return TestWindows.open(stage, session, thread, true);
            });
            List<WorkbenchSoak.Sample> samples = new WorkbenchSoak(workbench, stage, thread)
                    .run(config, RUNS, s -> System.out.println("soak " + s.csv()));
            WorkbenchSoak.Sample second = samples.get(1);
            WorkbenchSoak.Sample last = samples.get(RUNS - 1);
            assertEquals(RUNS, last.runsListed(), "every run is listed in Results");
            for (WorkbenchSoak.Sample s : samples.subList(1, RUNS)) {
                assertEquals(second.liveArrays(), s.liveArrays(), "native arrays alive after run " + s.run());
                assertEquals(second.sceneNodes(), s.sceneNodes(), "the scene's nodes after run " + s.run());
            }
            assertTrue(last.heapMb() - second.heapMb() < 24, "the heap after GC grows by less than 24 MB over "
                    + (RUNS - 2) + " runs: " + second.heapMb() + " MB, then " + last.heapMb() + " MB");
            try (var runs = Files.list(tmp.resolve("workspace").resolve("runs"))) {
                for (Path run : runs.toList()) {
                    assertTrue(Files.exists(run.resolve(config.name()).resolve("figures").resolve("radar.png")),
                            run + " has its figures");
                }
            }
            FxDriver.fx(() -> {
                stage.hide();
                return null;
            });
        }
    }
}
