package dev.locus.ui.results;

import static dev.locus.ui.fixtures.Fx.fx;
import static org.junit.jupiter.api.Assertions.*;

import dev.locus.ui.Workbench;
import dev.locus.ui.controls.ChartPane;
import dev.locus.ui.fixtures.LayoutChecks;
import dev.locus.ui.fixtures.TestWindows;
import dev.locus.ui.fixtures.TinyRun;
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
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;
import javafx.scene.text.Text;
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
 * The Results panel at 1280 x 720, in the window and in presentation mode (larger text, as on a projector): the
 * charts keep their ids, the Format box shows the format charted, and presenting shows one chart at a time with no
 * scroll bar and no text cut short.
 */
@ExtendWith(ApplicationExtension.class)
class ResultsPresentationWindowTest {
    /** The window's text size presenting: a projector's, well above the 13 px of the window. */
    static final double PRESENTING_FONT = 18;

    private Stage stage;
    private Workbench workbench;
    private ModelThread thread;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        thread = TestWindows.thread();
        workbench = TestWindows.open(stage, new Session(), thread, false);
        stage.setWidth(1280);
        stage.setHeight(720);
    }

    @AfterEach
    void close() {
        thread.close();
    }

    private ResultsPanel panel() {
        return (ResultsPanel) workbench.panel("Results");
    }

    private ResultsViewModel settle() throws Exception {
        ResultsViewModel vm = panel().viewModel();
        for (int i = 0; i < 100; i++) {
            var f = fx(vm::latest);
            f.get(60, TimeUnit.SECONDS);
            WaitForAsyncUtils.waitForFxEvents();
            if (fx(vm::latest) == f && !fx(() -> vm.loading().get())) {
                break;
            }
        }
        Thread.sleep(300); // let the charts lay out
        WaitForAsyncUtils.waitForFxEvents();
        return vm;
    }

    static boolean treeVisible(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return true;
    }



    /** What a combo box shows: the text of its skin's display cell (not its value, which may differ). */
    static String shownText(ComboBox<?> box) {
        Node shown = ((javafx.scene.control.skin.ComboBoxListViewSkin<?>) box.getSkin()).getDisplayNode();
        return ((ListCell<?>) shown).getText();
    }

    /** The panel's parts whose content needs more height than they have (it would spill over the status bar). */
    static List<String> overflowing(Node view) {
        List<String> out = new ArrayList<>();
        for (Node n : LayoutChecks.all(view)) {
            // (a region of no height is not laid out: a combo box's list, off screen)
            if (n instanceof javafx.scene.layout.Region r && treeVisible(r) && r.isManaged() && r.getHeight() > 0
                    && r.minHeight(r.getWidth()) > r.getHeight() + 1) {
                out.add(r.getClass().getSimpleName() + (r.getId() == null ? "" : " #" + r.getId()) + " needs "
                        + Math.round(r.minHeight(r.getWidth())) + " px, has " + Math.round(r.getHeight()));
            }
        }
        return out;
    }

    /** Where the panel must end: the top of the bar at the window's bottom when one is shown, else the window's. */
    private double windowFloor() {
        Node bar = ((javafx.scene.layout.BorderPane) stage.getScene().getRoot()).getBottom();
        return bar != null && bar.isVisible() && bar.isManaged() ? top(bar) : stage.getScene().getHeight();
    }

    static double bottom(Node n) {
        return n.localToScene(n.getLayoutBounds()).getMaxY();
    }

    static double top(Node n) {
        return n.localToScene(n.getLayoutBounds()).getMinY();
    }


    private List<String> visibleCharts() throws Exception {
        return fx(() -> LayoutChecks.all(panel().view()).stream().filter(n -> n instanceof ChartPane && treeVisible(n))
                .map(Node::getId).toList());
    }

    private void shot(String name) throws Exception {
        var image = fx(() -> stage.getScene().snapshot(null));
        Path out = Path.of("target", "screenshots");
        Files.createDirectories(out);
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", new File(out.toFile(), name));
    }

    @Test
    void oneChartAtATimeWhenPresentingWithNothingCutOrScrolled(FxRobot robot) throws Exception {
        fx(() -> workbench.show("Results"));
        fx(() -> workbench.context().session().runs.add(TinyRun.folder()));
        ResultsViewModel vm = settle();
        List<String> ids = List.of("chart-bars", "chart-radar", "chart-relearn", "chart-probes-true", "chart-probes-edit");
        assertEquals(ids, visibleCharts(), "in the window: every chart, each with its id");
        ComboBox<?> format = robot.lookup(n -> n instanceof ComboBox<?> c && c.getTooltip() != null
                && c.getTooltip().getText().startsWith("The prompt format")).queryAs(ComboBox.class);
        assertEquals("standard", fx(() -> format.getValue()));
        assertEquals("standard", fx(() -> shownText(format)), "the Format box shows the format the charts are in");
        assertEquals(List.of(), fx(() -> LayoutChecks.truncated(format.getParent())), "the toolbar's words whole in the window");
        shot("results-1280x720.png");

        fx(() -> {
            workbench.fontSize().set(PRESENTING_FONT);
            workbench.context().session().presentation.set(true);
        });
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(300);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("chart-bars"), visibleCharts(), "presenting: the before/after bars alone");
        for (String key : ResultsLayout.VIEWS.keySet()) {
            if (key.equals("soft-prompt")) {
                continue; // the tiny run has no soft-prompt attack: no such view
            }
            fx(() -> panel().reveal(key));
            WaitForAsyncUtils.waitForFxEvents();
            Thread.sleep(200);
            WaitForAsyncUtils.waitForFxEvents();
            Node view = fx(() -> panel().view());
            shot("results-presenting-" + key + ".png");
            assertEquals(List.of(), fx(() -> LayoutChecks.scrollBars((Parent) view, null)), key + ": no scroll bar presenting");
            assertEquals(List.of(), fx(() -> LayoutChecks.truncated((Parent) view)), key + ": no text cut short presenting");
            assertEquals(List.of(), fx(() -> overflowing(view)), key + ": everything fits the panel presenting");
            assertTrue(fx(() -> bottom(view) <= windowFloor() + 1), key + ": the panel ends above the bar at the bottom");
            assertEquals(key.equals("numbers") || key.equals("summary") ? List.of() : List.of("chart-" + key), visibleCharts(),
                    key + ": one chart at a time");
        }
        fx(() -> panel().reveal("numbers"));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(fx(() -> treeVisible(robot.lookup("#results-numbers").query())), "the numbers table presenting");
        ChartPane bars = robot.lookup("#chart-bars").queryAs(ChartPane.class);
        assertEquals(17 * ChartPane.PRESENTATION_SCALE, fx(() -> bars.chart().getTitle().getFont().getSize2D()), 1e-6,
                "the chart's text is larger presenting");

        fx(() -> {
            workbench.context().session().presentation.set(false);
            workbench.fontSize().set(13);
        });
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(300);
        assertEquals(ids, visibleCharts(), "back in the window: the page of charts again");
        assertEquals(17, fx(() -> bars.chart().getTitle().getFont().getSize2D()), 1e-6, "and their text as made");
        assertEquals("standard", fx(() -> vm.format().get()));
    }
}
