package dev.locus.ui.localize;

import static org.junit.jupiter.api.Assertions.*;

import dev.locus.localize.select.Selection;
import dev.locus.localize.select.Strategies;
import dev.locus.ui.Workbench;
import dev.locus.ui.fixtures.TestWindows;
import dev.locus.ui.session.Session;
import dev.locus.ui.task.ModelThread;
import java.awt.geom.Rectangle2D;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Point2D;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.jfree.chart.fx.ChartCanvas;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleEdge;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real workbench window, headless: a localization runs from the Localize panel, the mouse picks cells on its
 * heatmap, the Select panel compares two selections; both panels are saved as screenshots to look at.
 */
@ExtendWith(ApplicationExtension.class)
class LocalizeSelectWindowTest {
    private Stage stage;
    private Workbench workbench;
    private ModelThread thread;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        thread = TestWindows.thread();
        workbench = TestWindows.open(stage, new Session(), thread, true); // loads the bundled model and data
    }

    @AfterEach
    void close() {
        thread.close();
    }

    @Test
    void localizeThenPickCellsThenCompare(FxRobot robot) throws Exception {
        Session session = workbench.context().session();
        waitFor(() -> session.model.get() != null && session.split.get() != null && thread.jobs().isEmpty());
        robot.interact(() -> workbench.show("Localize"));
        LocalizePanel panel = (LocalizePanel) workbench.panel("Localize");
        LocalizeViewModel vm = panel.viewModel();

        // Causal tracing first (fills the Positions tab), then attribution patching, which is shown.
        robot.interact(() -> {
            vm.method.set("causal-tracing");
            vm.prompts.set(12);
            vm.run();
        });
        waitFor(() -> session.localizations.containsKey("causal-tracing") && !vm.running().get());
        robot.interact(() -> {
            vm.method.set("attribution-patching");
            vm.prompts.set(16);
            vm.run();
        });
        waitFor(() -> session.localizations.containsKey("attribution-patching") && !vm.running().get()
                && thread.jobs().isEmpty());
        assertEquals(Strategies.FLU, session.selection.get().strategy(), "FLU is shown after the first run");
        var tracing = WaitForAsyncUtils.asyncFx(vm::positionHeatmap).get(10, TimeUnit.SECONDS);
        assertNotNull(tracing, "causal tracing's layer x position heatmap stays in view");
        assertEquals(session.model.get().config().nLayers(), tracing.rows().size());
        assertTrue(tracing.columns().contains("subject-last") && tracing.columns().contains("final"), tracing.columns().toString());
        HeatmapView heatmap = panel.componentsView();
        assertNotNull(heatmap, "the component heatmap is shown");
        WaitForAsyncUtils.waitForFxEvents();

        // A click on L2.H1 adds it to the user's selection, which starts from FLU.
        clickCell(robot, heatmap, 2, 1);
        waitFor(() -> session.selection.get().strategy().equals("custom"));
        Selection custom = session.selection.get();
        assertTrue(custom.components().ids().contains("L2.H1"), custom.components().ids().toString());
        assertTrue(custom.components().ids().containsAll(session.selections.get(Strategies.FLU).components().ids()));
        // Hovering names the cell and its value.
        robot.moveTo(cellOnScreen(heatmap, 5, 4));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup(n -> n instanceof javafx.scene.control.Label l && l.getText() != null
                && l.getText().startsWith("L5.mlp = ")).tryQuery().isPresent(), "the hover line names L5.mlp");

        // Zoomed in, the mouse still hits the right cell.
        robot.interact(() -> heatmap.zoom(0.5));
        WaitForAsyncUtils.waitForFxEvents();
        int[] center = WaitForAsyncUtils.asyncFx(() -> visibleCenter(heatmap)).get(10, TimeUnit.SECONDS);
        String id = heatmap.heatmap().id(center[0], center[1]);
        boolean had = session.selection.get().components().ids().contains(id);
        clickCell(robot, heatmap, center[0], center[1]);
        waitFor(() -> session.selection.get().components().ids().contains(id) != had);
        robot.interact(heatmap::resetZoom);
        WaitForAsyncUtils.waitForFxEvents();
        // Drag a rectangle over L0-L1 x H0-H1: just those four.
        robot.drag(cellOnScreen(heatmap, 0, 0)).dropTo(cellOnScreen(heatmap, 1, 1));
        waitFor(() -> session.selection.get().components().ids().equals(java.util.List.of("L0.H0", "L0.H1", "L1.H0",
                "L1.H1")));
        robot.interact(() -> {
            session.selection.set(session.selections.get("attribution-patching"));
            session.comparison.set(session.selections.get(Strategies.FLU));
        });
        WaitForAsyncUtils.waitForFxEvents();
        shot("localize");
        robot.interact(() -> panel.showTab("Positions"));
        WaitForAsyncUtils.waitForFxEvents();
        shot("localize-positions");
        robot.interact(() -> panel.showTab("Probes"));
        WaitForAsyncUtils.waitForFxEvents();
        shot("localize-probes");
        robot.interact(() -> panel.showTab("Components"));

        robot.interact(() -> workbench.show("Select"));
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(200);
        WaitForAsyncUtils.waitForFxEvents();
        assertComparedShown(robot, session);
        // A localization run again replaces the selections with new ones that may equal the old: A and B follow.
        robot.interact(() -> {
            vm.method.set("attribution-patching");
            vm.run();
        });
        waitFor(() -> !vm.running().get() && thread.jobs().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertComparedShown(robot, session);
        shot("select");

        // The Single matrices card adds L0.attn.W_Q (the first matrix of layer 0) to the shown selection; the
        // heatmap draws it over its layer's heads.
        Selection before = session.selection.get();
        robot.clickOn("Add or remove");
        waitFor(() -> session.selection.get().components().ids().contains("L0.attn.W_Q"));
        assertEquals("custom", session.selection.get().strategy());
        assertEquals(countWith(session, before, "L0.attn.W_Q"), session.selection.get().parameterCount());
        shot("select-matrix");
        robot.interact(() -> workbench.show("Localize"));
        WaitForAsyncUtils.waitForFxEvents();
        shot("localize-matrix");
    }

    /** The model's own count of selection {@code s} with component {@code id} added. */
    private static long countWith(Session session, Selection s, String id) {
        var catalog = session.model.get().components();
        var ids = new java.util.ArrayList<>(s.components().ids());
        ids.add(id);
        return dev.locus.model.component.ComponentSet.of(catalog, ids).parameterCount(catalog);
    }

    /** The Select panel's A and B boxes show the session's two selections, by name. */
    private static void assertComparedShown(FxRobot robot, Session session) throws Exception {
        for (String box : java.util.List.of("Selection A", "Selection B")) {
            @SuppressWarnings("unchecked")
            javafx.scene.control.ComboBox<Selection> combo = robot.lookup(n -> n instanceof javafx.scene.control.ComboBox<?> c
                    && c.getTooltip() != null && c.getTooltip().getText().startsWith(box)).query();
            Selection expected = box.endsWith("A") ? session.selection.get() : session.comparison.get();
            String shown = WaitForAsyncUtils.asyncFx(() -> combo.getButtonCell().getText()).get(10, TimeUnit.SECONDS);
            assertSame(expected, WaitForAsyncUtils.asyncFx(combo::getValue).get(10, TimeUnit.SECONDS), box);
            assertTrue(shown != null && shown.startsWith(expected.strategy() + " ("), box + " shows '" + shown + "'");
        }
    }

    private void clickCell(FxRobot robot, HeatmapView view, int row, int column) {
        robot.clickOn(cellOnScreen(view, row, column));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The screen point at the center of a cell, from the chart's own axes. */
    private static Point2D cellOnScreen(HeatmapView view, int row, int column) {
        try {
            return WaitForAsyncUtils.asyncFx(() -> {
                ChartCanvas canvas = view.chartPane().viewer().getCanvas();
                Rectangle2D area = canvas.getRenderingInfo().getPlotInfo().getDataArea();
                XYPlot plot = view.chartPane().chart().getXYPlot();
                double x = plot.getDomainAxis().valueToJava2D(column, area, RectangleEdge.BOTTOM);
                double y = plot.getRangeAxis().valueToJava2D(row, area, RectangleEdge.LEFT);
                return canvas.localToScreen(x, y);
            }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The cell at the center of the zoomed view. */
    private static int[] visibleCenter(HeatmapView view) {
        XYPlot plot = view.chartPane().chart().getXYPlot();
        return new int[] {(int) Math.round(plot.getRangeAxis().getRange().getCentralValue()),
                (int) Math.round(plot.getDomainAxis().getRange().getCentralValue())};
    }

    private void shot(String name) throws Exception {
        WritableImage shot = WaitForAsyncUtils.asyncFx(() -> stage.getScene().snapshot(null)).get(30, TimeUnit.SECONDS);
        Path out = Path.of("target", "screenshots");
        Files.createDirectories(out);
        ImageIO.write(SwingFXUtils.fromFXImage(shot, null), "png", new File(out.toFile(), name + ".png"));
    }

    private static void waitFor(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get());
    }
}
