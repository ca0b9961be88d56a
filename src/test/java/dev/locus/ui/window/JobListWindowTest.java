package dev.locus.ui.window;

import static dev.locus.ui.fixtures.Fx.fx;
import static org.junit.jupiter.api.Assertions.*;

import dev.locus.ui.Workbench;
import dev.locus.ui.controls.SideOrBelow;
import dev.locus.ui.fixtures.LayoutChecks;
import dev.locus.ui.fixtures.TestWindows;
import dev.locus.ui.session.Session;
import dev.locus.ui.task.Job;
import dev.locus.ui.task.ModelThread;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Orientation;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The job list beside Home at 1280 x 800 while a long job runs (one on the model thread that waits): it opens by
 * itself, stays narrow, shows the job's whole stage and ETA (wrapped, not cut), and Home keeps a readable text column
 * with its actions below it, without a horizontal scroll bar. In presentation mode the same job is one line at the
 * bottom, with the count of the jobs after it.
 */
@ExtendWith(ApplicationExtension.class)
class JobListWindowTest {
    private static final String STAGE = "seed 0: localize causal-tracing";

    private Stage stage;
    private Workbench workbench;
    private ModelThread thread;
    private final CountDownLatch release = new CountDownLatch(1);

    @Start
    void start(Stage stage) {
        this.stage = stage;
        thread = TestWindows.thread();
        workbench = TestWindows.open(stage, new Session(), thread, false);
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        fx(() -> thread.cancelAll());
        thread.close();
    }

    @Test
    void aRunningJobLeavesHomeReadableWithoutAHorizontalScrollBar(FxRobot robot) throws Exception {
        Job<?> job = fx(() -> thread.submit("Paper comparison: 9 methods", reporter -> {
            reporter.progress(STAGE, 17088, 26112);
            release.await();
            return null;
        }));
        fx(() -> thread.submit("Describe the model", reporter -> null)); // waits behind the first
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!fx(() -> job.getMessage().startsWith(STAGE + ": 17088 of 26112")
                && robot.lookup(".job-list").query().isVisible())) {
            assertTrue(System.nanoTime() < end, "the job list did not open with the job's stage");
            Thread.sleep(50);
        }
        WaitForAsyncUtils.waitForFxEvents();
        BorderPane root = fx(() -> (BorderPane) stage.getScene().getRoot());
        assertEquals(1280, fx(() -> stage.getScene().getWidth()), 1);

        assertEquals(List.of(), fx(() -> LayoutChecks.scrollBars(root, Orientation.HORIZONTAL)));
        assertEquals(List.of(), fx(() -> LayoutChecks.truncated(root)), "no text cut, the job's stage included");
        List<String> details = fx(() -> robot.lookup(".job-detail").queryAllAs(Label.class).stream()
                .filter(l -> l.isVisible()).map(Label::getText).toList());
        assertTrue(details.stream().anyMatch(d -> d.startsWith(STAGE + ": 17088 of 26112")), details.toString());
        double list = fx(() -> root.getRight().getLayoutBounds().getWidth());
        assertTrue(list <= 1280 * 0.22, "the job list is narrow: " + list);
        SideOrBelow hero = fx(() -> robot.lookup(".hero").queryAs(SideOrBelow.class));
        assertFalse(fx(hero::isBeside), "the actions go below the text when the job list takes its room");
        double headline = fx(() -> robot.lookup(".hero-headline").query().getLayoutBounds().getWidth());
        double panel = fx(() -> robot.lookup(".panel-area").query().getLayoutBounds().getWidth());
        assertTrue(headline > panel * 0.8, "Home's text keeps the panel's width: " + headline + " of " + panel);

        var shot = fx(() -> stage.getScene().snapshot(null));
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "screenshots"));
        javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(shot, null), "png",
                new java.io.File("target/screenshots/home-with-jobs.png"));

        // Presentation mode: the same job as one line at the bottom, the one waiting behind it counted.
        fx(() -> workbench.context().session().presentation.set(true));
        WaitForAsyncUtils.waitForFxEvents();
        JobBar bar = fx(() -> (JobBar) root.getBottom());
        assertTrue(fx(bar::isVisible));
        assertSame(job, fx(bar::current));
        assertTrue(fx(() -> robot.from(bar).lookup(".label").queryAllAs(Label.class).stream()
                .anyMatch(l -> l.getText().equals("1 more"))));
        assertTrue(fx(() -> bar.getHeight() < 3 * workbench.fontSize().get()), "one line");
        fx(() -> workbench.context().session().presentation.set(false));

        release.countDown();
        end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (fx(() -> !thread.jobs().isEmpty() || robot.lookup(".job-list").query().isVisible())) {
            assertTrue(System.nanoTime() < end, "the job list did not close when the jobs ended");
            Thread.sleep(50);
        }
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(fx(hero::isBeside), "with the whole width, the actions sit beside the text");
    }
}
