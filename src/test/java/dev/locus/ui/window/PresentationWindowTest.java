package dev.locus.ui.window;

import static dev.locus.ui.fixtures.Fx.fx;
import static org.junit.jupiter.api.Assertions.*;

import dev.locus.ui.Workbench;
import dev.locus.ui.fixtures.LayoutChecks;
import dev.locus.ui.fixtures.TestWindows;
import dev.locus.ui.fixtures.TinyRun;
import dev.locus.ui.localize.LocalizePanel;
import dev.locus.ui.localize.LocalizeViewModel;
import dev.locus.ui.session.Session;
import dev.locus.ui.task.ModelThread;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.MenuBar;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Presentation mode in the real window with the bundled model loaded, two localizations run and a run folder in
 * Results: F11 turns it on (the View menu's check item
 * follows), every panel and every tab of a panel at 1280 x 720 shows no scroll bar, no text cut with an ellipsis and
 * nothing clipped by a scroll pane without bars; turning it off gives back the side job list and 13 px text. Each
 * panel is saved to {@code target/screenshots/presentation-<panel>.png}.
 */
@ExtendWith(ApplicationExtension.class)
class PresentationWindowTest {
    private Stage stage;
    private Workbench workbench;
    private ModelThread thread;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        thread = TestWindows.thread();
        workbench = TestWindows.open(stage, new Session(), thread, true);
    }

    @AfterEach
    void stop() throws Exception {
        fx(() -> thread.cancelAll());
        thread.close();
    }

    @Test
    void everyPanelIsReadableAt1280x720AndLeavingRestoresTheWindow(FxRobot robot) throws Exception {
        awaitIdle();
        Session s = workbench.context().session();
        // Panels with what a class sees: two localizations (heatmaps, positions, probes, selections) and a run.
        LocalizeViewModel localize = ((LocalizePanel) workbench.panel("Localize")).viewModel();
        for (String method : List.of("causal-tracing", "attribution-patching")) {
            fx(() -> {
                localize.method.set(method);
                localize.prompts.set(12);
                localize.run();
            });
            awaitIdle();
            assertTrue(fx(() -> s.localizations.containsKey(method)), method);
        }
        Path run = TinyRun.copy(Files.createTempDirectory("locus-presentation").resolve("batch").resolve("tiny-ui"));
        fx(() -> s.runs.add(run));
        BorderPane root = fx(() -> (BorderPane) stage.getScene().getRoot());
        assertEquals(13, fx(() -> workbench.fontSize().get()));

        robot.press(KeyCode.F11).release(KeyCode.F11);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(fx(() -> s.presentation.get()), "F11 turns presentation mode on");
        assertTrue(fx(() -> presentationItem(root).isSelected()), "View > Presentation shows it is on");
        assertEquals(PresentationMode.FONT_SIZE, fx(() -> workbench.fontSize().get()), "larger text");
        assertNull(fx(root::getRight), "no side job list");
        assertTrue(fx(() -> root.getBottom() instanceof JobBar), "the slim job bar instead");
        assertTrue(fx(() -> root.getStyleClass().contains(PresentationMode.STYLE)));
        // Monocle's full screen is its own screen's size: the projector's is set here.
        fx(() -> {
            stage.setFullScreen(false);
            s.presentation.set(true);
            stage.setWidth(1280);
            stage.setHeight(720);
        });
        assertTrue(fx(() -> s.presentation.get()));

        List<String> problems = new ArrayList<>();
        for (String title : fx(() -> workbench.panelTitles())) {
            fx(() -> workbench.show(title));
            Node view = fx(() -> workbench.shown().view());
            List<TabPane> tabs = fx(() -> LayoutChecks.all((Parent) view).stream()
                    .filter(n -> n instanceof TabPane).map(n -> (TabPane) n).toList());
            if (tabs.isEmpty()) {
                problems.addAll(check(title, root));
            }
            for (TabPane pane : tabs) {
                for (int i = 0; i < fx(() -> pane.getTabs().size()); i++) {
                    int tab = i;
                    String name = fx(() -> {
                        pane.getSelectionModel().select(tab);
                        return pane.getTabs().get(tab).getText();
                    });
                    problems.addAll(check(title + " > " + name, root));
                }
            }
        }
        assertEquals(List.of(), problems, "presentation mode at 1280 x 720");

        fx(() -> s.presentation.set(false));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(13, fx(() -> workbench.fontSize().get()), "the normal text size again");
        assertTrue(fx(() -> root.getRight() instanceof JobList), "the side job list again");
        assertTrue(fx(() -> root.getBottom() instanceof StatusBar), "and the status bar");
        assertFalse(fx(() -> presentationItem(root).isSelected()));
        assertFalse(fx(() -> root.getStyleClass().contains(PresentationMode.STYLE)));
    }

    @Test
    void leavingFullScreenEndsPresentationMode() throws Exception {
        Session s = workbench.context().session();
        fx(() -> workbench.fontSize().set(15)); // a size of the user's own comes back afterwards
        fx(() -> s.presentation.set(true));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(fx(stage::isFullScreen), "presentation mode is full screen");
        assertEquals(PresentationMode.FONT_SIZE, fx(() -> workbench.fontSize().get()));
        fx(() -> stage.setFullScreen(false)); // what Esc does
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(fx(() -> s.presentation.get()), "leaving full screen leaves presentation mode");
        assertEquals(15, fx(() -> workbench.fontSize().get()));
        assertTrue(fx(() -> ((BorderPane) stage.getScene().getRoot()).getRight() instanceof JobList));
    }

    /** The window's problems now, each prefixed with where; a screenshot of it. */
    private List<String> check(String where, BorderPane root) throws Exception {
        settle();
        shoot("presentation-" + where.toLowerCase().replaceAll("[^a-z0-9]+", "-"));
        return fx(() -> {
            List<String> out = new ArrayList<>();
            LayoutChecks.scrollBars(root, null).forEach(p -> out.add(where + ": " + p));
            LayoutChecks.truncated(root).forEach(p -> out.add(where + ": " + p));
            LayoutChecks.clipped(root).forEach(p -> out.add(where + ": " + p));
            Parent area = (Parent) root.getCenter();
            LayoutChecks.outside(area).forEach(p -> out.add(where + ": " + p));
            return out;
        });
    }

    private static CheckMenuItem presentationItem(BorderPane root) {
        return ((MenuBar) root.getTop()).getMenus().stream().flatMap(m -> m.getItems().stream())
                .filter(i -> i instanceof CheckMenuItem && "Presentation".equals(i.getText()))
                .map(i -> (CheckMenuItem) i).findFirst().orElseThrow();
    }

    private void settle() throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(250); // charts and wrapped text settle over a few pulses
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void shoot(String name) throws Exception {
        var shot = fx(() -> stage.getScene().snapshot(null));
        Path out = Path.of("target", "screenshots");
        Files.createDirectories(out);
        ImageIO.write(SwingFXUtils.fromFXImage(shot, null), "png", new File(out.toFile(), name + ".png"));
    }

    private void awaitIdle() throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (fx(() -> !thread.jobs().isEmpty())) {
            assertTrue(System.nanoTime() < end, "jobs did not finish");
            Thread.sleep(50);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }
}
