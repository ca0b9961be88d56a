package dev.locus.ui.tour;

import static dev.locus.ui.fixtures.Fx.fx;
import static org.junit.jupiter.api.Assertions.*;

import dev.locus.ui.Workbench;
import dev.locus.ui.edit.FinishedComparison;
import dev.locus.ui.fixtures.TestWindows;
import dev.locus.ui.results.ResultsPanel;
import dev.locus.ui.results.ResultsViewModel;
import dev.locus.ui.session.Session;
import dev.locus.ui.task.ModelThread;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
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
 * The guided tour in the real window (headless) at projector size, 1280 x 720, on the bundled model and the bundled
 * comparison's finished run: every step opens its panel and outlines its element, which is in view, with the card
 * beside it; next, back, the keys and skip work; the finished run is in Results within a second; the layer leaves
 * nothing behind.
 */
@ExtendWith(ApplicationExtension.class)
class TourWindowTest {
    private static final List<String> PANELS = List.of("Home", "Localize", "Localize", "Select", "Results", "Results",
            "Results", "Results");

    private Stage stage;
    private Workbench workbench;
    private ModelThread thread;
    private Session session;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        thread = TestWindows.thread();
        session = new Session();
        workbench = TestWindows.open(stage, session, thread, true);
        stage.setHeight(720);
    }

    @AfterEach
    void stop() throws Exception {
        fx(() -> thread.cancelAll());
        thread.close();
    }

    @Test
    void walksTheWholeTourOnTheBundledModel(FxRobot robot) throws Exception {
        assertTrue(FinishedComparison.available(), "the finished comparison ships beside the model");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> fx(() -> session.model.get() != null
                && session.split.get() != null && thread.jobs().isEmpty()));
        settle();
        Scene scene = fx(() -> stage.getScene());
        assertEquals(720, scene.getHeight(), 1, "projector size");
        List<Node> rootChildren = fx(() -> List.copyOf(scene.getRoot().getChildrenUnmodifiable()));

        // The finished run is in Results within a second of the tour opening it (the model is loaded: it starts at once).
        ResultsViewModel results = ((ResultsPanel) workbench.panel("Results")).viewModel();
        long[] shownAt = {0};
        fx(() -> results.shown().addListener((o, a, s) -> {
            if (s != null && shownAt[0] == 0) {
                shownAt[0] = System.nanoTime();
            }
        }));
        long[] startedAt = {0};
        TourController tour = fx(() -> {
            startedAt[0] = System.nanoTime();
            return workbench.startTour();
        });
        Path run = tour.loaded().get(30, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(FinishedComparison.folder(), run);
        double seconds = (shownAt[0] - startedAt[0]) / 1e9; // asserted at the end, so that the walk is tried anyway
        System.out.printf(java.util.Locale.ROOT, "the finished comparison in Results after %.3f s%n", seconds);
        ResultsViewModel.Shown shown = fx(() -> results.shown().get());
        assertTrue(shown.charts().keySet().containsAll(ResultsViewModel.CHARTS), "every chart of the run");
        assertEquals(0, fx(tour::index), "the tour is back at its first step once the run is open");
        assertEquals(8, fx(tour::count));

        // Through the dim, the window still answers the mouse: the navigation opens Data; the card stays.
        clickNav(robot, "Data");
        assertEquals("Data", fx(() -> workbench.shown().title()));
        assertTrue(fx(() -> tour.card().isVisible() && !tour.outline().isVisible()), "nothing to outline on Data");

        for (int i = 0; i < 8; i++) {
            if (i == 0) {
                press(robot, KeyCode.LEFT); // nothing before the first step
                assertEquals(0, fx(tour::index));
                robot.clickOn("#tour-next");
                WaitForAsyncUtils.waitForFxEvents();
                robot.clickOn("#tour-back"); // back to Home, the step shown again
                WaitForAsyncUtils.waitForFxEvents();
            }
            checkStep(tour, i, scene);
            shot(scene, "tour-step-" + (i + 1) + ".png");
            if (i == 2) {
                press(robot, KeyCode.LEFT);
                assertEquals(1, fx(tour::index), "Left goes back");
                checkStep(tour, 1, scene);
                press(robot, KeyCode.ENTER);
                assertEquals(2, fx(tour::index), "Enter goes on");
                checkStep(tour, 2, scene);
            }
            if (i < 7) {
                switch (i % 3) {
                    case 0 -> robot.clickOn("#tour-next");
                    case 1 -> press(robot, KeyCode.RIGHT);
                    default -> press(robot, KeyCode.SPACE);
                }
                WaitForAsyncUtils.waitForFxEvents();
            }
        }

        // The last step says what this run measured: FLU's and OT's relearned accuracy, from the Results table.
        String conclusion = fx(() -> ((Label) scene.lookup("#tour-text")).getText());
        var relearned = fx(() -> Tour.relearned(results.table()));
        for (String method : List.of(Tour.FLU, Tour.OT)) {
            assertTrue(conclusion.contains(String.format(Locale.ROOT, "%.0f%%", 100 * relearned.get(method))),
                    method + "'s relearned accuracy in: " + conclusion);
        }
        assertEquals("Finish", fx(() -> ((javafx.scene.control.Button) scene.lookup("#tour-next")).getText()));
        robot.clickOn("#tour-next");
        WaitForAsyncUtils.waitForFxEvents();
        assertGone(tour, scene, rootChildren);
        press(robot, KeyCode.LEFT); // the keys are the window's again: nothing happens to a finished tour
        assertEquals(7, fx(tour::index));

        // From Home's button, skipped; from Help > Tour, left with Esc.
        clickNav(robot, "Home");
        robot.clickOn("#home-tour");
        WaitForAsyncUtils.waitForFxEvents();
        TourController second = fx(() -> workbench.startTour());
        assertNotSame(tour, second);
        assertTrue(fx(second::active));
        second.loaded().get(30, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        checkStep(second, 0, scene);
        robot.clickOn("#tour-skip");
        WaitForAsyncUtils.waitForFxEvents();
        assertGone(second, scene, rootChildren);

        fx(() -> ((javafx.scene.control.MenuBar) scene.lookup(".menu-bar")).getMenus().stream()
                .filter(m -> m.getText().replace("_", "").equals("Help")).findFirst().orElseThrow().getItems().stream()
                .filter(item -> "Tour".equals(item.getText())).findFirst().orElseThrow().fire());
        WaitForAsyncUtils.waitForFxEvents();
        TourController third = fx(() -> workbench.startTour());
        assertTrue(fx(third::active));
        third.loaded().get(30, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        // Headless, the "finished comparison is shown" notification takes the keyboard while it shows (a popup window
        // of its own; a desktop's popups leave it to the window): the keys are tried once it has gone.
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> fx(() -> javafx.stage.Window.getWindows().size() == 1));
        press(robot, KeyCode.ESCAPE);
        assertGone(third, scene, rootChildren);

        assertTrue(shownAt[0] > 0 && seconds < 1.0, "Results shows the finished run after " + seconds + " s");
    }

    /** Step i is shown: its panel, its element in view and outlined, the card beside it and inside the window. */
    private void checkStep(TourController tour, int i, Scene scene) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        fx(() -> {
            assertEquals(i, tour.index());
            TourStep step = tour.step();
            assertEquals(PANELS.get(i), step.panel());
            assertEquals(step.panel(), workbench.shown().title(), "step " + (i + 1) + " opens its panel");
            Node target = tour.target();
            assertNotNull(target, "step " + (i + 1) + " finds " + step.target());
            assertEquals(step.target(), target.getId());
            assertTrue(Reveal.treeVisible(target), step.target() + " is visible");
            Bounds window = new BoundingBox(0, 0, scene.getWidth(), scene.getHeight());
            Bounds element = target.localToScene(target.getBoundsInLocal());
            assertTrue(element.getWidth() > 20 && element.getHeight() > 20, step.target() + " has a size: " + element);
            assertTrue(TourOverlay.contains(window, element), step.target() + " " + element + " inside the window");
            for (ScrollPane sp : Reveal.scrollPanes(target)) {
                assertTrue(TourOverlay.contains(Reveal.viewport(sp), element), step.target() + " scrolled into view");
            }
            Bounds outline = tour.outline().localToScene(tour.outline().getBoundsInLocal());
            assertTrue(tour.outline().isVisible() && TourOverlay.contains(outline, element),
                    "the outline " + outline + " surrounds " + element);
            Bounds card = tour.card().localToScene(tour.card().getLayoutBounds()); // its shadow aside
            assertTrue(TourOverlay.contains(window, card), "the card " + card + " is inside the window");
            assertFalse(card.intersects(element), "the card " + card + " does not cover " + element);
            String counter = ((Label) scene.lookup("#tour-counter")).getText();
            assertEquals("Step " + (i + 1) + " of 8", counter);
            String text = ((Label) scene.lookup("#tour-text")).getText();
            assertTrue(text.split("[.?!](\\s|$)").length >= 2, "two sentences at least: " + text);
        });
    }

    private void assertGone(TourController tour, Scene scene, List<Node> rootChildren) throws Exception {
        fx(() -> {
            assertFalse(tour.active());
            assertNull(scene.lookup("#tour-overlay"), "the layer is gone");
            assertNull(scene.lookup("#tour-card"));
            assertEquals(rootChildren, scene.getRoot().getChildrenUnmodifiable(), "the window is as it was");
        });
    }

    /**
     * Waits until the window is idle: after the start-up jobs it renders each panel once off screen, one per pulse
     * (Workbench.prepareHiddenPanels), which a teacher's first click never meets but a test's would.
     */
    private static void settle() throws Exception {
        int quick = 0;
        for (int i = 0; i < 200 && quick < 10; i++) {
            long t = System.nanoTime();
            fx(() -> null);
            WaitForAsyncUtils.waitForFxEvents();
            quick = System.nanoTime() - t < 30_000_000 ? quick + 1 : 0;
            Thread.sleep(50);
        }
    }

    private void press(FxRobot robot, KeyCode key) {
        robot.type(key);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void clickNav(FxRobot robot, String title) throws Exception {
        ToggleButton b = robot.lookup(".nav-button").queryAllAs(ToggleButton.class).stream()
                .filter(t -> t.getText().equals(title)).findFirst().orElseThrow();
        robot.clickOn(b);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void shot(Scene scene, String name) throws Exception {
        WritableImage image = fx(() -> scene.snapshot(null));
        Path out = Path.of("target", "screenshots");
        Files.createDirectories(out);
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", new File(out.toFile(), name));
    }
}
