package dev.locus.ui.edit;

import static dev.locus.ui.fixtures.Fx.fx;
import static org.junit.jupiter.api.Assertions.*;

import dev.locus.experiment.config.EditSettings;
import dev.locus.export.MethodStyle;
import dev.locus.ui.Workbench;
import dev.locus.ui.drive.FxPulseMonitor;
import dev.locus.ui.fixtures.EditFixtures;
import dev.locus.ui.fixtures.TestWindows;
import dev.locus.ui.runs.LiveRuns;
import dev.locus.ui.runs.RunStatus;
import dev.locus.ui.session.Session;
import dev.locus.ui.task.ModelThread;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.Button;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Edit panel in the real window (headless): Ctrl+Enter runs a queue, the losses draw live, the window stays responsive. */
@ExtendWith(ApplicationExtension.class)
class EditPanelWindowTest {
    @TempDir
    Path tmp;

    private Workbench workbench;
    private ModelThread thread;

    @Start
    void start(Stage stage) {
        thread = TestWindows.thread();
        Session session = new Session();
        session.workspaceFolder.set(tmp.resolve("workspace"));
        workbench = TestWindows.open(stage, session, thread, true);
    }

    @AfterEach
    void close() {
        thread.cancelAll();
        thread.close();
    }

    @Test
    void ctrlEnterRunsTheQueueAndTheLossesDrawLive(FxRobot robot) throws Exception {
        EditFixtures.loadSportsWorld(workbench.context(), tmp.resolve("data"));
        fx(() -> workbench.show("Edit"));
        EditViewModel vm = ((EditPanel) workbench.panel("Edit")).viewModel();
        fx(() -> {
            vm.value("steps").set(30);
            vm.value("eval_every").set(15);
            vm.checked().setAll("flu", "random", "all-mlps");
        });
        Button run = robot.lookup(".button.primary").queryAs(Button.class);
        assertFalse(run.isDisabled(), vm.missing().get());
        Session session = workbench.context().session();

        // The panel lays out on the next pulse; under a loaded suite that can take a moment.
        org.testfx.util.WaitForAsyncUtils.waitFor(20, java.util.concurrent.TimeUnit.SECONDS,
                () -> robot.lookup("Unlearn").tryQuery().isPresent() && robot.lookup("Unlearn").query().isVisible());
        robot.clickOn("Unlearn");
        assertEquals(EditSettings.Objective.UNLEARN, fx(() -> session.config.get().edit().objective()),
                "the objective toggle sets the config");
        robot.clickOn("Edit to targets");
        assertEquals(EditSettings.Objective.EDIT, fx(() -> session.config.get().edit().objective()));
        // The learning rate typed as a researcher would, into the sheet; Enter applies it.
        javafx.scene.control.TextField lr = robot.lookup(".edit-settings .text-field").nth(1).queryAs(javafx.scene.control.TextField.class);
        robot.clickOn(lr).push(KeyCode.SHORTCUT, KeyCode.A).write("4e-3").type(KeyCode.ENTER);
        assertEquals(0.004, fx(() -> session.config.get().edit().lr()), "typed into the sheet, kept in the config");
        screenshot("edit-ready.png");

        FxPulseMonitor idle = new FxPulseMonitor();
        fx(idle::start);
        Thread.sleep(2000);
        fx(idle::stop);
        System.out.println("JavaFX pulse gaps with nothing running: " + idle);

        // Keys go to the focused window: make sure it is ours (earlier tests' notifications may have held focus).
        robot.clickOn(lr);
        robot.push(KeyCode.SHORTCUT, KeyCode.ENTER); // with the focus in the learning-rate field
        LiveRuns live = vm.live();
        waitUntil(10, () -> fx(() -> live.queue().size()) == 3, live);
        waitUntil(90, () -> fx(() -> live.curves().points("random")) >= 15, live);
        screenshot("edit-running.png");
        // Measured from here, so that the snapshot above (itself long work on the JavaFX thread) is not counted.
        FxPulseMonitor pulses = new FxPulseMonitor();
        fx(pulses::start);
        waitUntil(120, () -> fx(() -> !live.busy()), live);
        fx(pulses::stop);
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(2000); // the job list slides away
        screenshot("edit.png");
        System.out.println("JavaFX pulse gaps during the queue: " + pulses);

        assertTrue(fx(() -> live.queue().stream().allMatch(r -> r.state().get() == RunStatus.State.FINISHED)));
        assertEquals(List.of("flu", "random", "all-mlps"), fx(() -> live.curves().methods()));
        XYPlot plot = fx(() -> robot.lookup(".chart").queryAs(org.jfree.chart.fx.ChartViewer.class).getChart().getXYPlot());
        for (int i = 0; i < 3; i++) {
            String method = (String) plot.getDataset().getSeriesKey(i);
            assertEquals(MethodStyle.color(method), plot.getRenderer().getSeriesPaint(i), "drawn in the paper's color: " + method);
        }
        // A freeze of the window would show as a gap of seconds: the runs took about that long each.
        assertTrue(pulses.maxGapMs() < 1000, "the window stayed responsive: " + pulses);
    }

    /** Waits for the condition; on a timeout, fails saying where each run of the queue is. */
    private void waitUntil(int seconds, java.util.concurrent.Callable<Boolean> condition, LiveRuns live) throws Exception {
        java.util.concurrent.Callable<Boolean> failed = () -> fx(() -> live.queue().stream()
                .anyMatch(r -> r.state().get() == RunStatus.State.FAILED));
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> condition.call() || failed.call());
        } catch (java.util.concurrent.TimeoutException e) {
            // Said below.
        }
        if (!condition.call()) {
            Path log = tmp.resolve("locus.log");
            fail("the queue: " + fx(() -> live.queue().stream()
                    .map(r -> r.name() + " " + r.state().get() + " (" + r.detail().get() + ")").toList())
                    + (Files.exists(log) ? "\n" + Files.readString(log) : ""));
        }
    }

    private void screenshot(String name) throws Exception {
        WritableImage shot = WaitForAsyncUtils.asyncFx(() -> workbench.context().owner().get().getScene().snapshot(null)).get();
        Path out = Path.of("target", "screenshots");
        Files.createDirectories(out);
        ImageIO.write(SwingFXUtils.fromFXImage(shot, null), "png", new File(out.toFile(), name));
    }
}
