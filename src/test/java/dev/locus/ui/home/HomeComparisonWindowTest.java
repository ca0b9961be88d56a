package dev.locus.ui.home;

import static dev.locus.ui.fixtures.Fx.fx;
import static org.junit.jupiter.api.Assertions.*;

import dev.locus.model.Bundled;
import dev.locus.ui.Workbench;
import dev.locus.ui.edit.PaperComparison;
import dev.locus.ui.fixtures.TestWindows;
import dev.locus.ui.fixtures.TinyRun;
import dev.locus.ui.edit.FinishedComparison;
import dev.locus.ui.session.Session;
import dev.locus.ui.task.Job;
import dev.locus.ui.task.ModelThread;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.scene.control.Button;
import javafx.scene.control.ProgressBar;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Home's paper comparison in the real window: "Show the finished comparison" opens Results with the run shipped
 * beside the model, or is disabled and says why when there is none (a copy of the assets without it, through
 * {@code locus.assets}); "Run it live" says how far the comparison is while it runs, wherever it
 * was started, and comes back when it ends or is cancelled.
 */
@ExtendWith(ApplicationExtension.class)
class HomeComparisonWindowTest {
    private static final String ASSETS = "locus.assets";

    @TempDir
    Path dir;
    private Stage stage;
    private ModelThread thread;
    private Workbench workbench;
    private String assetsBefore;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        thread = TestWindows.thread();
        assetsBefore = System.getProperty(ASSETS);
    }

    @AfterEach
    void stop() throws Exception {
        if (assetsBefore == null) {
            System.clearProperty(ASSETS);
        } else {
            System.setProperty(ASSETS, assetsBefore);
        }
        fx(() -> thread.cancelAll());
        thread.close();
    }

    @Test
    void showTheFinishedComparisonOpensResultsWithTheShippedRun(FxRobot robot) throws Exception {
        Path run = FinishedComparison.folder(); // the run shipped beside the model
        open(false);
        Button show = robot.lookup(".show-finished").queryButton();
        assertFalse(fx(show::isDisabled), "the build ships a finished run");
        robot.clickOn(show);
        Session s = workbench.context().session();
        waitFor(() -> fxGet(() -> workbench.shown().title().equals("Results") && !s.runs.isEmpty()), "Results opens");
        assertEquals(java.util.List.of(run), fx(() -> java.util.List.copyOf(s.runs)));
    }

    @Test
    void withoutAFinishedRunTheButtonIsDisabledAndSaysWhy(FxRobot robot) throws Exception {
        assets();
        open(false);
        Button show = robot.lookup(".show-finished").queryButton();
        assertTrue(fx(show::isDisabled));
        String why = fx(() -> show.getTooltip().getText());
        assertTrue(why.contains("no finished run") && why.contains("run it live"), why);
        // A disabled button shows no tooltip of its own: the box around it carries the same one.
        assertSame(fx(show::getTooltip), fx(() -> show.getParent().getProperties().values().stream()
                .filter(v -> v instanceof javafx.scene.control.Tooltip).findFirst().orElse(null)));
    }

    @Test
    void runItLiveFollowsTheComparisonUntilItEnds(FxRobot robot) throws Exception {
        open(true);
        Session s = workbench.context().session();
        fx(() -> s.workspaceFolder.set(dir.resolve("workspace")));
        waitFor(() -> fxGet(() -> s.model.get() != null && s.split.get() != null && thread.jobs().isEmpty()),
                "the bundled model and data load");
        Button live = robot.lookup(".run-live").queryButton();
        ProgressBar bar = robot.lookup(".comparison-progress").queryAs(ProgressBar.class);
        assertEquals(ComparisonActions.RUN_LIVE, fx(live::getText));
        assertFalse(fx(live::isDisabled));
        assertFalse(fx(bar::isVisible));

        // The real comparison, started by the button: the button says it runs, until it is cancelled.
        robot.clickOn(live);
        waitFor(() -> fxGet(() -> live.getText().startsWith("Running") || live.getText().startsWith("Waiting")),
                "the button says the comparison runs");
        assertTrue(fx(live::isDisabled), "one comparison at a time");
        assertTrue(fx(bar::isVisible));
        fx(() -> thread.cancelAll());
        waitFor(() -> fxGet(() -> live.getText().equals(ComparisonActions.RUN_LIVE) && !live.isDisabled()),
                "the button comes back after cancel");
        assertFalse(fx(bar::isVisible));

        // A comparison's stages, as its run reports them through the run queue: localizing, then method k of n.
        CountDownLatch edit = new CountDownLatch(1);
        CountDownLatch end = new CountDownLatch(1);
        Path folder = TinyRun.copy(dir.resolve("runs").resolve("comparison"));
        Job<?> job = fx(() -> s.liveRuns.start(thread, "Paper comparison: 9 methods", PaperComparison.RUN_NAME, folder,
                listener -> {
                    listener.stage("seed 0: localize causal-tracing");
                    edit.await();
                    listener.step("seed 0: causal-tracing: edit", 5, 10, 0.5);
                    end.await();
                    return null;
                }));
        waitFor(() -> fxGet(() -> live.getText().equals("Running: localizing...")), "localizing");
        assertTrue(fx(() -> bar.getProgress() < 0), "no fraction while localizing");
        edit.countDown();
        waitFor(() -> fxGet(() -> live.getText().equals("Running: method 2 of 9...")), "the second method");
        assertEquals(1.5 / 9, fx(bar::getProgress), 1e-9, "a method and a half of nine");
        end.countDown();
        waitFor(() -> fxGet(() -> job.isDone() && live.getText().equals(ComparisonActions.RUN_LIVE)
                && !live.isDisabled()), "the button comes back when the comparison ends");
    }

    /** A copy of the assets (links to the real files) without the finished comparison run. */
    private Path assets() throws Exception {
        Path real = Bundled.sportsWorld().toAbsolutePath();
        Path copy = Files.createDirectories(dir.resolve("assets").resolve("sports-world"));
        try (var files = Files.list(real)) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().equals(FinishedComparison.FOLDER)) {
                    Files.createSymbolicLink(copy.resolve(f.getFileName()), f);
                }
            }
        }
        System.setProperty(ASSETS, copy.getParent().toString());
        return copy.getParent();
    }

    private void open(boolean started) throws Exception {
        workbench = fx(() -> TestWindows.open(stage, new Session(), thread, started));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static boolean fxGet(java.util.concurrent.Callable<Boolean> c) {
        try {
            return fx(c);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, what);
            Thread.sleep(50);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }
}
