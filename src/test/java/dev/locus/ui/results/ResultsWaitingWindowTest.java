package dev.locus.ui.results;

import static dev.locus.ui.fixtures.Fx.fx;
import static org.junit.jupiter.api.Assertions.*;

import dev.locus.ui.Workbench;
import dev.locus.ui.controls.ChartPane;
import dev.locus.ui.edit.FinishedComparison;
import dev.locus.ui.fixtures.TestWindows;
import dev.locus.ui.fixtures.TinyRun;
import dev.locus.ui.runs.LiveRuns;
import dev.locus.ui.runs.RunStatus;
import dev.locus.ui.session.Session;
import dev.locus.ui.task.ModelThread;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Results before a run has finished a method: a note that says it is running and how far, never empty axes; the
 * charts once a method's rows are there. And the empty panel's ways to results: the finished comparison, the live one.
 */
@ExtendWith(ApplicationExtension.class)
class ResultsWaitingWindowTest {
    @TempDir
    Path tmp;
    private Workbench workbench;
    private ModelThread thread;

    @Start
    void start(javafx.stage.Stage stage) {
        thread = TestWindows.thread();
        workbench = TestWindows.open(stage, new Session(), thread, false);
    }

    @AfterEach
    void close() {
        thread.close();
    }

    private ResultsPanel panel() {
        return (ResultsPanel) workbench.panel("Results");
    }

    private List<String> visibleCharts() throws Exception {
        return fx(() -> dev.locus.ui.fixtures.LayoutChecks.all(panel().view()).stream()
                .filter(n -> n instanceof ChartPane && ResultsPresentationWindowTest.treeVisible(n)).map(Node::getId)
                .toList());
    }

    private String waitingText() throws Exception {
        return fx(() -> {
            Node note = panel().view().lookup("#results-waiting");
            if (note == null || !ResultsPresentationWindowTest.treeVisible(note)) {
                return "";
            }
            StringBuilder b = new StringBuilder();
            for (Node n : dev.locus.ui.fixtures.LayoutChecks.all(note)) {
                if (n instanceof Labeled l && l.isVisible() && l.getText() != null) {
                    b.append(l.getText()).append('\n');
                }
            }
            return b.toString();
        });
    }

    private javafx.scene.control.ComboBox<?> formatBox() {
        return (javafx.scene.control.ComboBox<?>) dev.locus.ui.fixtures.LayoutChecks.all(panel().view()).stream()
                .filter(n -> n instanceof javafx.scene.control.ComboBox<?> c && c.getTooltip() != null
                        && c.getTooltip().getText().startsWith("The prompt format"))
                .findFirst().orElseThrow();
    }

    private ResultsViewModel.Shown settle() throws Exception {
        ResultsViewModel vm = panel().viewModel();
        for (int i = 0; i < 100; i++) {
            var f = fx(vm::latest);
            f.get(60, TimeUnit.SECONDS);
            WaitForAsyncUtils.waitForFxEvents();
            if (fx(vm::latest) == f && !fx(() -> vm.loading().get())) {
                break;
            }
        }
        WaitForAsyncUtils.waitForFxEvents();
        return fx(() -> vm.shown().get());
    }

    private void waitFor(String what, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, condition);
        } catch (java.util.concurrent.TimeoutException e) {
            fail(what + "; the note says: " + waitingText() + "; charts shown: " + visibleCharts());
        }
    }

    @Test
    void aRunningComparisonSaysHowFarItIsUntilItsFirstMethodFinishes() throws Exception {
        fx(() -> workbench.show("Results"));
        // a run as the comparison starts it: its folder and config first, rows as its methods finish
        Path out = tmp.resolve("runs").resolve("20261205-000000-paper-comparison").resolve("tiny-ui");
        Files.createDirectories(out);
        Files.copy(TinyRun.folder().resolve("config.json"), out.resolve("config.json"));
        CountDownLatch localized = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        LiveRuns live = workbench.context().session().liveRuns;
        fx(() -> live.start(thread, "Paper comparison", "paper comparison", out, listener -> {
            listener.stage("seed 0: localize causal-tracing");
            localized.await();
            listener.stage("seed 0: causal-tracing: edit");
            finish.await();
            return null;
        }));
        waitFor("the note says the comparison localizes", () -> waitingText().contains("Localizing first, with"));
        String text = waitingText();
        assertTrue(text.contains("The comparison is running: charts appear as each method finishes"), text);
        assertTrue(text.contains("the 4 edits follow (0 of 4 methods finished)"), text);
        assertEquals(List.of(), visibleCharts(), "no empty axes while nothing has finished");

        localized.countDown();
        waitFor("the note names the method", () -> waitingText().contains("Method 2 of 4, Causal Tracing"));
        assertTrue(waitingText().contains("Now: seed 0: causal-tracing: edit"), waitingText());
        var image = fx(() -> panel().view().getScene().snapshot(null));
        Files.createDirectories(Path.of("target", "screenshots"));
        javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(image, null), "png",
                Path.of("target", "screenshots", "results-waiting.png").toFile());

        // the methods' rows arrive as the run writes them, a few at a time: the charts replace the note, and the
        // Format box shows the format charted at every reread
        List<String> lines = Files.readAllLines(TinyRun.folder().resolve("metrics.csv"));
        List<String> wrong = new java.util.ArrayList<>();
        for (int n = 1; n <= lines.size(); n = n == lines.size() ? n + 1 : Math.min(lines.size(), n + 23)) {
            Path part = out.resolve("metrics.csv.tmp");
            Files.write(part, lines.subList(0, n));
            Files.move(part, out.resolve("metrics.csv"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            fx(() -> workbench.context().session().runsChanged.set(workbench.context().session().runsChanged.get() + 1));
            Thread.sleep(450); // the panel rereads at most every 400 ms
            ResultsViewModel.Shown s = settle();
            if (s != null && !s.formats().isEmpty()) {
                String shown = fx(() -> ResultsPresentationWindowTest.shownText(formatBox()));
                if (!s.format().equals(shown)) {
                    wrong.add(n + " rows: charts in " + s.format() + " of " + s.formats() + ", the box shows " + shown);
                }
            }
        }
        assertEquals(List.of(), wrong, "the Format box shows the format charted at every reread");
        waitFor("the charts come", () -> visibleCharts().size() == 5);
        assertEquals("", waitingText(), "the note is gone");
        assertEquals("standard", fx(() -> formatBox().getValue()), "the Format box's value");
        finish.countDown();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> !live.busy()));
        assertEquals(RunStatus.State.FINISHED, fx(() -> live.queue().get(0).state().get()));
    }

    @Test
    void progressInWords() {
        List<String> planned = List.of("flu", "causal-tracing", "causal-tracing-mlps");
        assertEquals("Method 3 of 3, Causal Tracing MLPs (2 of 3 methods finished).", WaitingForResults.progress(
                planned, List.of("flu", "causal-tracing"), "seed 0: causal-tracing-mlps: edit: 40 of 100, about 5 s left"));
        assertEquals("Method 2 of 3, Causal Tracing (1 of 3 methods finished).",
                WaitingForResults.progress(planned, List.of("flu"), "seed 0: causal-tracing: relearn"));
        assertEquals("Localizing first, with Causal Tracing; the 3 edits follow (0 of 3 methods finished).",
                WaitingForResults.progress(planned, List.of(), "seed 0: localize causal-tracing: 17088 of 26112"));
        assertEquals("The run is starting its 3 methods (0 of 3 methods finished).",
                WaitingForResults.progress(planned, List.of(), "reading the model"));
    }

    @Test
    void theEmptyPanelOffersTheFinishedComparisonAndTheLiveOne(FxRobot robot) throws Exception {
        fx(() -> workbench.show("Results"));
        WaitForAsyncUtils.waitForFxEvents();
        Button finished = robot.lookup("Show the finished comparison").queryAs(Button.class);
        Button live = robot.lookup("Run it live (about 12 minutes)").queryAs(Button.class);
        assertTrue(ResultsPresentationWindowTest.treeVisible(finished) && ResultsPresentationWindowTest.treeVisible(live));
        assertEquals(!FinishedComparison.available(), finished.isDisabled(), "enabled when this build ships the run");
        Label reason = (Label) finished.getParent();
        assertTrue(reason.getTooltip().getText().contains(FinishedComparison.available() ? "at once" : "run it live"),
                reason.getTooltip().getText());
        if (FinishedComparison.available()) {
            robot.clickOn(finished);
            // the five charts, and the soft-prompt card's chart since the shipped run has the attack
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> visibleCharts().containsAll(List.of("chart-bars",
                    "chart-radar", "chart-relearn", "chart-probes-true", "chart-probes-edit")));
            assertEquals(FinishedComparison.folder().toAbsolutePath().normalize(),
                    fx(() -> workbench.context().session().runs.get(0)));
        }
    }
}
