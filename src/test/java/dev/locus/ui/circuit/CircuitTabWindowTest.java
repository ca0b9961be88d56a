package dev.locus.ui.circuit;

import static org.junit.jupiter.api.Assertions.*;

import dev.locus.export.circuit.CircuitFigure;
import dev.locus.export.circuit.CircuitGeometry;
import dev.locus.localize.circuit.Circuit;
import dev.locus.localize.circuit.CircuitFiles;
import dev.locus.localize.circuit.EdgeScores;
import dev.locus.ui.Workbench;
import dev.locus.ui.controls.ExportFigureDialog;
import dev.locus.ui.controls.FigureExportRequest;
import dev.locus.ui.fixtures.TestWindows;
import dev.locus.ui.localize.LocalizePanel;
import dev.locus.ui.session.Session;
import dev.locus.ui.task.ModelThread;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Point2D;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
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
 * The Localize panel's Circuit tab in the real window (headless) on the bundled Sports World model: EAP finds a
 * circuit that is drawn; the top-k box and the threshold slider change the edges drawn; a click on a node lists its
 * edges and adds its component to the user's selection; hovering names an edge; the circuit saved and opened again
 * has the same edges; the figure exports as PNG, SVG and PDF; a bad file is refused in a dialog.
 */
@ExtendWith(ApplicationExtension.class)
class CircuitTabWindowTest {
    @TempDir
    Path tmp;
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
    void close() {
        thread.close();
    }

    @Test
    void findExploreSaveOpenAndExportACircuit(FxRobot robot) throws Exception {
        Session session = workbench.context().session();
        waitFor(() -> session.model.get() != null && session.split.get() != null && thread.jobs().isEmpty());
        robot.interact(() -> workbench.show("Localize"));
        LocalizePanel panel = (LocalizePanel) workbench.panel("Localize");
        robot.interact(() -> panel.showTab("Circuit"));
        CircuitPane pane = panel.circuitPane();
        CircuitViewModel vm = pane.viewModel();
        CircuitView view = pane.view();
        assertNull(fx(view::figure), "nothing drawn before a circuit is found");

        robot.interact(() -> {
            vm.method.set("eap");
            vm.prompts.set(16);
            vm.run();
        });
        waitFor(() -> vm.report().get() != null && !vm.running().get() && thread.jobs().isEmpty());
        Circuit found = fx(() -> vm.shown().get());
        assertFalse(found.edges().isEmpty(), "EAP found a circuit");
        waitFor(() -> view.edgesCurrent() && view.lastDrawn() == found.edges().size());
        assertTrue(fx(vm::summary).contains("faithfulness"), fx(vm::summary));
        // Scores per position class: the final token's choose another circuit; Found circuit goes back.
        assertTrue(fx(() -> vm.positions.contains("final") && vm.positions.contains("subject-last")), fx(() -> vm.positions.toString()));
        robot.interact(() -> vm.position.set("final"));
        assertEquals("final", fx(() -> vm.shown().get().scores().position()));
        robot.interact(vm::showOwnCircuit);
        assertEquals(found, fx(() -> vm.shown().get()));
        waitFor(() -> view.edgesCurrent() && view.lastDrawn() == found.edges().size());

        // Click the head or MLP with the strongest circuit edge into it: its edges are listed, and it joins the
        // user's selection.
        CircuitFigure figure = fx(view::figure);
        CircuitGeometry geo = figure.geometry();
        EdgeScores.Edge strongest = figure.edge(figure.edgeCount() - 1);
        int target = -1;
        for (int i = figure.edgeCount() - 1; i >= 0 && target < 0; i--) {
            int n = geo.downstreamNode(figure.edge(i).downstream());
            target = geo.layout().upstreamIndex(geo.name(n)) > 0 ? n : -1;
        }
        assertTrue(target >= 0, "the circuit has an edge into a head or MLP");
        String name = geo.name(target);
        robot.clickOn(onScreen(view, geo.x(target), geo.y(target)));
        WaitForAsyncUtils.waitForFxEvents();
        List<String> listed = fx(() -> List.copyOf(pane.nodeEdges().getItems()));
        assertTrue(!listed.isEmpty() && listed.stream().allMatch(s -> s.contains(name)), name + ": " + listed);
        assertTrue(listed.get(0).startsWith("in ") && listed.get(0).contains("%)"), listed.get(0));
        robot.clickOn("Add to selection");
        waitFor(() -> session.selection.get() != null && session.selection.get().components().ids().contains(name));
        assertEquals("custom", fx(() -> session.selection.get().strategy()));

        // Hovering the strongest edge (at a point of its curve off every node) names it with its exact score.
        Point2D on = fx(() -> pointOn(view, figure.edgeCount() - 1));
        robot.moveTo(view.localToScreen(on));
        WaitForAsyncUtils.waitForFxEvents();
        String edgeName = found.scores().edgeName(strongest);
        Label hoverLine = robot.from(pane).lookup((javafx.scene.Node n) -> n instanceof Label l
                && l.getStyleClass().contains("mono")).query();
        String hovered = fx(hoverLine::getText);
        assertTrue(hovered.startsWith(edgeName) && hovered.contains("score"), "the hover line names " + edgeName
                + ": " + hovered + " at " + on);

        shot("circuit");

        // The top-k box and the threshold slider choose the drawn edges live.
        @SuppressWarnings("unchecked")
        Spinner<Integer> top = robot.from(pane).lookup((javafx.scene.Node n) -> n instanceof Spinner<?> s && s.getTooltip() != null
                && s.getTooltip().getText().startsWith("Keep the top k")).query();
        robot.interact(() -> top.getValueFactory().setValue(20));
        int few = drawnWhenSettled(view, vm);
        robot.interact(() -> top.getValueFactory().setValue(400));
        int many = drawnWhenSettled(view, vm);
        assertTrue(few <= 20 && many > few && many <= 400, "top 20 draws " + few + ", top 400 draws " + many);
        Slider slider = robot.from(pane).lookup((javafx.scene.Node n) -> n instanceof Slider).query();
        robot.interact(() -> slider.setValue(slider.getMax() * 0.01));
        int low = drawnWhenSettled(view, vm);
        robot.interact(() -> slider.setValue(slider.getMax() * 0.1));
        int high = drawnWhenSettled(view, vm);
        assertTrue(fx(() -> vm.byThreshold.get()), "moving the slider chooses by threshold");
        robot.interact(() -> top.getValueFactory().setValue(100));
        assertTrue(drawnWhenSettled(view, vm) > 0, "top 100 draws edges again");
        assertTrue(high < low, "a higher threshold draws fewer edges: " + low + " then " + high);

        // Save, change the shown circuit, open again: the saved edges come back, and can be chosen from again.
        Circuit saved = fx(() -> vm.shown().get());
        Path file = tmp.resolve("saved").resolve("mine.json");
        Files.createDirectories(file.getParent());
        fx(() -> vm.save(file)).get(30, TimeUnit.SECONDS);
        assertTrue(Files.exists(file.resolveSibling("mine.edges.csv")), "its own edges file, beside it");
        assertFalse(Files.exists(file.resolveSibling(CircuitFiles.EDGES)), "another circuit's edges.csv is left alone");
        robot.interact(() -> top.getValueFactory().setValue(7));
        waitFor(() -> vm.shown().get().edges().size() != saved.edges().size());
        fx(() -> vm.open(file)).get(30, TimeUnit.SECONDS);
        waitFor(() -> vm.shown().get().edges().equals(saved.edges()));
        assertEquals(found.scores().ranked().size(), fx(() -> vm.report().get().scores().ranked().size()),
                "every scored edge is back from mine.edges.csv");
        waitFor(() -> view.edgesCurrent() && view.lastDrawn() == saved.edges().size());

        // Export: the same drawing as PNG, SVG (one path per edge) and PDF.
        Path out = tmp.resolve("figures");
        Files.createDirectories(out);
        CircuitFigure snapshot = fx(pane::snapshot);
        for (FigureExportRequest.Format f : FigureExportRequest.Format.values()) {
            FigureExportRequest r = new FigureExportRequest(f, 900, 1000, 120, out.resolve("circuit"));
            fx(() -> ExportFigureDialog.write(workbench.context(), snapshot, r)).get(60, TimeUnit.SECONDS);
        }
        BufferedImage png = ImageIO.read(out.resolve("circuit.png").toFile());
        assertEquals(Math.round(900 * 120 / 96.0), png.getWidth());
        String svg = Files.readString(out.resolve("circuit.svg"));
        assertTrue(svg.contains("<svg"));
        assertEquals(saved.edges().size(), svg.split("<path", -1).length - 1, "one path per edge");
        assertEquals("%PDF", new String(Files.readAllBytes(out.resolve("circuit.pdf")), 0, 4, StandardCharsets.US_ASCII));

        // A file that is not a circuit is refused in a dialog that says why.
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"format\": \"something-else\"}");
        var failed = fx(() -> vm.open(bad));
        assertThrows(Exception.class, () -> failed.get(30, TimeUnit.SECONDS));
        WaitForAsyncUtils.waitForFxEvents();
        waitFor(() -> robot.lookup(n -> n instanceof DialogPane d && d.getContentText() != null
                && d.getContentText().contains("not a circuit file")).tryQuery().isPresent());
        robot.interact(() -> robot.lookup(n -> n instanceof DialogPane).queryAll().forEach(d ->
                d.getScene().getWindow().hide()));
        assertEquals(saved.edges(), fx(() -> vm.shown().get().edges()), "the circuit shown stays");
    }

    /** How many edges the view draws once the redraws have settled. */
    private static int drawnWhenSettled(CircuitView view, CircuitViewModel vm) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        waitFor(() -> view.edgesCurrent() && view.lastDrawn() == vm.shown().get().edges().size());
        return fx(view::lastDrawn);
    }

    /** A point of edge i's curve in the view where the figure's own hit test finds that edge and no node. */
    private static Point2D pointOn(CircuitView view, int i) {
        CircuitFigure f = view.figure();
        EdgeScores.Edge e = f.edge(i);
        CircuitGeometry geo = f.geometry();
        double ax = view.viewX(geo.startX(e.upstream()));
        double ay = view.viewY(geo.startY(e.upstream()));
        double bx = view.viewX(geo.portX(e.downstream()));
        double by = view.viewY(geo.portY(e.downstream()));
        double bend = (ay - by) * 0.45;
        for (double t : new double[] {0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.15, 0.85}) {
            double m = 1 - t;
            double x = m * m * m * ax + 3 * m * m * t * ax + 3 * m * t * t * bx + t * t * t * bx;
            double y = m * m * m * ay + 3 * m * m * t * (ay - bend) + 3 * m * t * t * (by + bend) + t * t * t * by;
            boolean clear = true;
            for (int d = 0; d < 9 && clear; d++) {  // the robot's pointer lands on whole pixels
                double px = Math.round(x) + d % 3 - 1;
                double py = Math.round(y) + d / 3 - 1;
                clear = f.nodeAt(px, py, view.scale(), view.viewX(0), view.viewY(0)) < 0
                        && f.edgeAt(px, py, view.scale(), view.viewX(0), view.viewY(0), 3) == i;
            }
            if (clear) {
                return new Point2D(Math.round(x), Math.round(y));
            }
        }
        throw new AssertionError("no point of " + f.circuit().scores().edgeName(e) + " is clear of other edges");
    }

    private static Point2D onScreen(CircuitView view, double x, double y) {
        try {
            return WaitForAsyncUtils.asyncFx(() -> view.localToScreen(view.viewX(x), view.viewY(y)))
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void shot(String name) throws Exception {
        WritableImage shot = WaitForAsyncUtils.asyncFx(() -> stage.getScene().snapshot(null)).get(30, TimeUnit.SECONDS);
        Path out = Path.of("target", "screenshots");
        Files.createDirectories(out);
        ImageIO.write(SwingFXUtils.fromFXImage(shot, null), "png", new File(out.toFile(), name + ".png"));
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(30, TimeUnit.SECONDS);
    }

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get());
    }
}
