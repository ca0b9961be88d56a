package dev.locus.ui.sweeps;

import static dev.locus.ui.fixtures.Fx.fx;
import static org.junit.jupiter.api.Assertions.*;

import dev.locus.experiment.config.ClusterSettings;
import dev.locus.sweep.RunState;
import dev.locus.sweep.SweepEntry;
import dev.locus.sweep.SweepInfo;
import dev.locus.sweep.SweepPlan;
import dev.locus.sweep.SweepState;
import dev.locus.ui.Workbench;
import dev.locus.ui.fixtures.TestWindows;
import dev.locus.ui.session.Session;
import dev.locus.ui.task.ModelThread;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TableView;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real window, headless, over sweep folders written as the launchers leave them (nothing runs): each run's state,
 * the failed run's last log line and the counts; a status file changed on disk shows within a few polls; a folder that
 * is not a sweep is refused in one line; the launch dialog offers Slurm only where sbatch is.
 */
@ExtendWith(ApplicationExtension.class)
class SweepsWindowTest {
    @TempDir
    Path tmp;
    private Stage stage;
    private Workbench workbench;
    private ModelThread thread;
    private Process supervisor;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        thread = TestWindows.thread();
        workbench = TestWindows.open(stage, new Session(), thread, false);
    }

    @AfterEach
    void close() throws Exception {
        fx(() -> panel().viewModel().close());
        if (supervisor != null) {
            supervisor.destroy();
        }
        thread.close();
    }

    private SweepsPanel panel() {
        return (SweepsPanel) workbench.panel("Sweeps");
    }

    /** A real process of this machine standing in for the sweep's supervisor: alive, so the launcher holds the runs. */
    private ProcessHandle liveSupervisor() throws Exception {
        supervisor = new ProcessBuilder("sleep", "600").start();
        return supervisor.toHandle();
    }

    private static void waitUntil(String what, Supplier<Boolean> ok) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
            try {
                if (fx(ok::get)) {
                    return;
                }
                Thread.sleep(100);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        fail("not within 20 s: " + what);
    }

    @Test
    void showsEachRunsStateTheFailureAndFollowsTheFolder(FxRobot robot) throws Exception {
        Path dir = tmp.resolve("sweep");
        List<SweepEntry> entries = SweepFolders.trialSweep(dir, liveSupervisor(), 20);
        SweepsViewModel vm = panel().viewModel();
        fx(() -> panel().open(dir)).get(60, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Sweeps", fx(() -> workbench.shown().title()), "opening a sweep shows the panel");

        TableView<?> table = robot.lookup(".table-view").queryAs(TableView.class);
        assertEquals(27, fx(() -> table.getItems().size()));
        List<SweepState.Row> rows = fx(() -> List.copyOf(vm.rows()));
        for (int i = 0; i < 27; i++) {
            RunState want = i < 20 ? RunState.COMPLETE : i < 22 ? RunState.RUNNING : i == 22 ? RunState.FAILED
                    : RunState.QUEUED;
            assertEquals(want, rows.get(i).state(), "run " + i);
            assertEquals(entries.get(i).id(), rows.get(i).entry().id());
        }
        assertEquals(SweepFolders.FAILED_LAST_LINE, rows.get(22).lastLine());
        assertEquals("", rows.get(21).lastLine(), "a running run shows no log line");
        String progress = fx(() -> vm.progress().get());
        assertTrue(progress.startsWith("20/27 complete, 2 running, 4 queued, 1 failed, ETA "), progress);
        // the cells show it too: the failed run's state and last line are on screen
        fx(() -> table.scrollTo(14));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup(".table-cell").queryAllAs(javafx.scene.control.Labeled.class).stream()
                .anyMatch(c -> SweepFolders.FAILED_LAST_LINE.equals(c.getText())), "the failed run's last line shown");
        assertTrue(robot.lookup(".card-title").queryAllAs(javafx.scene.control.Label.class).stream()
                .anyMatch(l -> progress.equals(l.getText())), "the progress line on top");
        assertEquals(20, fx(() -> vm.reading().get().trials().size()), "the complete trials' numbers are read");
        assertTrue(fx(() -> robot.lookup(".chart").queryAll().stream().anyMatch(SweepsWindowTest::treeVisible)),
                "the trials chart is shown");
        fx(() -> table.scrollTo(16));
        shot("sweeps.png");

        // Live: one running run completes and a waiting one starts, written as a task would; no click needed.
        SweepFolders.complete(dir, entries.get(20), 61);
        SweepFolders.running(dir, entries.get(23), supervisor.pid());
        waitUntil("the table follows the status files", () -> vm.rows().get(20).state() == RunState.COMPLETE
                && vm.rows().get(23).state() == RunState.RUNNING);
        String after = fx(() -> vm.progress().get());
        assertTrue(after.startsWith("21/27 complete, 2 running, 3 queued, 1 failed"), after);
        waitUntil("the chart's trials follow", () -> vm.reading().get().trials().size() == 21);

        // The supervisor dies: its running runs are lost, and say why.
        supervisor.destroy();
        supervisor.waitFor(10, TimeUnit.SECONDS);
        waitUntil("running runs without a process read as lost", () -> vm.rows().get(21).state() == RunState.LOST);
        assertTrue(fx(() -> vm.rows().get(21).lastLine()).contains("ended without a word"));
    }

    @Test
    void aMultiSeedRunsFinishedRunsGoToResults(FxRobot robot) throws Exception {
        Path dir = tmp.resolve("seeds");
        List<SweepEntry> entries = SweepFolders.seedSweep(dir);
        SweepsViewModel vm = panel().viewModel();
        fx(() -> panel().open(dir)).get(60, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("1/2 complete, 1 failed", fx(() -> vm.progress().get()));
        assertEquals("error: out of memory", fx(() -> vm.rows().get(1).lastLine()));
        assertTrue(fx(() -> robot.lookup("Show in Results").query().isVisible()), "offered for a multi-seed run");
        assertFalse(fx(() -> robot.lookup(".chart").queryAll().stream().anyMatch(SweepsWindowTest::treeVisible)),
                "no trials chart for runs");
        assertEquals(1, (int) fx(vm::showInResults));
        assertEquals(List.of(dev.locus.sweep.SweepFiles.runFolder(dir.toAbsolutePath().normalize(),
                entries.get(0).id())), fx(() -> List.copyOf(workbench.context().session().runs)),
                "the complete run, not the failed one");
        assertEquals("Results", fx(() -> workbench.shown().title()));
    }

    @Test
    void cancelStopsTheSupervisorAndItsRunsReadAsLost() throws Exception {
        Path dir = tmp.resolve("sweep");
        SweepFolders.trialSweep(dir, liveSupervisor(), 20);
        SweepsViewModel vm = panel().viewModel();
        fx(() -> panel().open(dir)).get(60, TimeUnit.SECONDS);
        assertEquals(6, (int) fx(vm::cancel).get(90, TimeUnit.SECONDS), "2 running and 4 queued were held");
        assertTrue(supervisor.waitFor(10, TimeUnit.SECONDS), "the supervising process was stopped");
        waitUntil("nothing is held any more", () -> vm.progress().get().startsWith(
                "20/27 complete, 4 pending, 1 failed, 2 lost"));
    }

    @Test
    void aLaunchOfAnUnreadableConfigIsRefusedInOneLine(FxRobot robot) throws Exception {
        Path bad = tmp.resolve("broken.json");
        Files.writeString(bad, "{\"name\": \"x\", \"seeds\": [0,}");
        LaunchRequest r = new LaunchRequest(bad, List.of(1e-3), List.of(1.0), tmp.resolve("out"), "local", 1, null,
                null, 0, 0);
        var f = fx(() -> panel().viewModel().launch(r));
        assertThrows(Exception.class, () -> f.get(60, TimeUnit.SECONDS));
        WaitForAsyncUtils.waitForFxEvents();
        DialogPane pane = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        String text = fx(pane::getContentText);
        assertTrue(text.startsWith("broken.json: not valid JSON at line 1, column "), text);
        assertFalse(text.contains("Exception") || text.contains("\tat ") || text.contains("\n"), text);
        assertFalse(Files.exists(tmp.resolve("out")), "nothing written");
        fx(() -> ((javafx.stage.Stage) pane.getScene().getWindow()).close());
    }

    @Test
    void aCompleteTrialSweepGetsItsSummaryAndResumeHasNothingToRun() throws Exception {
        Path dir = tmp.resolve("done");
        List<SweepEntry> entries = SweepPlan.trials(List.of(SweepFolders.config()), SweepFolders.LRS, SweepFolders.COEFS);
        SweepPlan.create(dir, entries, new SweepInfo(SweepEntry.TRIAL, "sports-sweep", 0.9, "auto", "auto",
                ClusterSettings.DEFAULTS, List.of("locus"), List.of()), false);
        for (SweepEntry e : entries) {
            SweepFolders.complete(dir, e, 30);
        }
        SweepsViewModel vm = panel().viewModel();
        SweepsViewModel.Reading r = fx(() -> panel().open(dir)).get(60, TimeUnit.SECONDS);
        assertEquals("27/27 complete", r.progress());
        assertTrue(r.state().summaryWritten(), "the reading wrote the summary");
        assertTrue(Files.isRegularFile(dir.resolve("sweep.json")) && Files.isRegularFile(dir.resolve("figures")
                .resolve("sweep.png")));
        assertEquals(27, r.trials().size());
        var started = fx(vm::resume).get(60, TimeUnit.SECONDS);
        assertEquals(List.of(), started.submitted(), "nothing left: no process started");
    }

    @Test
    void aFolderThatIsNoSweepIsRefusedInOneLine(FxRobot robot) throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("not-a-sweep"));
        Files.writeString(plain.resolve("notes.txt"), "hello");
        var f = fx(() -> panel().open(plain));
        assertThrows(Exception.class, () -> f.get(60, TimeUnit.SECONDS));
        WaitForAsyncUtils.waitForFxEvents();
        DialogPane pane = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        String text = fx(pane::getContentText);
        assertEquals(plain.toAbsolutePath().normalize() + ": not a sweep folder (it has no manifest.jsonl and"
                + " launch.json; `locus sweep --out`, `locus run --launcher` or the workbench's Launch a sweep writes"
                + " them)", text);
        assertFalse(text.contains("Exception") || text.contains("\tat "), "no stack trace");
        assertNull(fx(() -> panel().viewModel().folder().get()), "nothing opened");
        fx(() -> ((javafx.stage.Stage) pane.getScene().getWindow()).close());
    }

    @Test
    void theLaunchDialogOffersSlurmOnlyWhereSbatchIs() throws Exception {
        LaunchSweepDialog without = fx(() -> new LaunchSweepDialog(null, false, tmp));
        assertEquals(List.of(ClusterSettings.LOCAL), fx(() -> List.copyOf(without.launcher.getItems())));
        assertTrue(fx(() -> without.launcher.isDisabled() && without.partition.isDisabled()
                && without.maxParallel.isDisabled()));
        assertFalse(fx(() -> without.workers.isDisabled()), "local workers stay settable");

        LaunchSweepDialog with = fx(() -> new LaunchSweepDialog(null, true, tmp));
        assertEquals(List.of(ClusterSettings.LOCAL, ClusterSettings.SLURM), fx(() -> List.copyOf(with.launcher.getItems())));
        fx(() -> {
            with.launcher.setValue(ClusterSettings.SLURM);
            with.config.setText("sample-configs/quick-check.json");
            with.partition.setText("gpu");
            with.time.setText("01:30:00");
        });
        assertFalse(fx(() -> with.partition.isDisabled()));
        assertTrue(fx(() -> with.workers.isDisabled()), "workers are local only");
        LaunchRequest r = fx(with::request);
        assertEquals(List.of(1e-3, 2e-3, 4e-3), r.lrs());
        ClusterSettings c = r.over(ClusterSettings.DEFAULTS);
        assertEquals("slurm", c.launcher());
        assertEquals("gpu", c.partition());
        assertEquals("01:30:00", c.time());
        assertEquals(1, c.gpusPerTask());

        fx(() -> with.lrs.setText("1e-3, fast"));
        assertEquals("Learning rates: \"fast\" is not a number (write them as 1e-3, 2e-3)", fx(with::problem));
        assertEquals("Learning rates: \"fast\" is not a number (write them as 1e-3, 2e-3)", fx(with.problem::getText),
                "the form says it");
        fx(() -> {
            with.lrs.setText("1e-3");
            with.time.setText("soon");
        });
        assertTrue(fx(with::problem).startsWith("cluster.time: expected minutes"), fx(with::problem));

        // how it looks, as a user opens it on a machine with Slurm
        LaunchSweepDialog shown = fx(() -> new LaunchSweepDialog(stage, true, tmp));
        fx(() -> {
            shown.config.setText("sample-configs/sports-world-flu-vs-ot.json");
            shown.launcher.setValue(ClusterSettings.SLURM);
            shown.partition.setText("gpu");
            shown.time.setText("02:00:00");
            shown.dialog().show();
        });
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage image = fx(() -> shown.dialog().getDialogPane().getScene().snapshot(null));
        Files.createDirectories(Path.of("target", "screenshots"));
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", Path.of("target", "screenshots",
                "sweeps-launch.png").toFile());
        fx(() -> shown.dialog().close());
    }

    private static boolean treeVisible(javafx.scene.Node n) {
        for (javafx.scene.Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return n.getScene() != null;
    }

    private void shot(String name) throws Exception {
        Thread.sleep(300); // let the chart lay out
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage image = fx(() -> stage.getScene().snapshot(null));
        Path out = Path.of("target", "screenshots");
        Files.createDirectories(out);
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", new File(out.toFile(), name));
    }
}
