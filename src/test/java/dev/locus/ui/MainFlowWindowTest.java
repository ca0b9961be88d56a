package dev.locus.ui;

import static dev.locus.ui.fixtures.Fx.fx;
import static org.junit.jupiter.api.Assertions.*;

import dev.locus.ui.controls.ChartPane;
import dev.locus.ui.controls.FigureExportRequest;
import dev.locus.ui.data.DataForm;
import dev.locus.ui.data.DataPanel;
import dev.locus.ui.data.DataViewModel;
import dev.locus.ui.edit.EditPanel;
import dev.locus.ui.edit.EditViewModel;
import dev.locus.ui.fixtures.TestWindows;
import dev.locus.ui.localize.LocalizePanel;
import dev.locus.ui.localize.LocalizeViewModel;
import dev.locus.ui.results.ResultsPanel;
import dev.locus.ui.results.ResultsViewModel;
import dev.locus.ui.select.SelectPanel;
import dev.locus.ui.select.SelectViewModel;
import dev.locus.ui.session.Session;
import dev.locus.ui.task.ModelThread;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ToggleButton;
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
 * The main flow, end to end in the real window (headless): the app starts with Sports World, the user picks a
 * small forget set, runs attribution patching, chooses FLU, edits with a few steps, watches the results fill in,
 * and exports a chart as PNG, SVG and PDF.
 */
@ExtendWith(ApplicationExtension.class)
class MainFlowWindowTest {
    @TempDir
    static Path dir;

    private Workbench workbench;
    private ModelThread thread;
    private Session session;

    @Start
    void start(Stage stage) {
        thread = TestWindows.thread();
        session = new Session();
        session.workspaceFolder.set(dir.resolve("workspace"));
        workbench = TestWindows.open(stage, session, thread, true);
    }

    @AfterEach
    void stop() throws Exception {
        fx(() -> {
            thread.cancelAll();
            return null;
        });
        thread.close();
    }

    @Test
    void loadLocalizeSelectFluEditSeeResultsExport(FxRobot robot) throws Exception {
        awaitIdle(120);
        assertNotNull(fx(() -> session.model.get()), "Sports World loads at start");
        assertNotNull(fx(() -> session.split.get()), "its facts load at start");

        // Data: the first 8 facts, applied with the panel's button.
        nav(robot, "Data");
        DataViewModel data = ((DataPanel) workbench.panel("Data")).viewModel();
        fx(() -> {
            data.form().forgetKind().set(DataForm.ForgetKind.FIRST);
            data.form().forgetCount().set(8);
            return null;
        });
        robot.clickOn(button(robot, "Apply"));
        awaitIdle(60);
        assertEquals(8, (int) fx(() -> session.split.get().forget().size()));

        // Localize: attribution patching over those prompts, from the panel's button.
        nav(robot, "Localize");
        LocalizeViewModel localize = ((LocalizePanel) workbench.panel("Localize")).viewModel();
        fx(() -> {
            localize.method.set("attribution-patching");
            localize.prompts.set(8);
            return null;
        });
        robot.clickOn(button(robot, "Run localization"));
        awaitIdle(120);
        assertTrue(fx(() -> session.localizations.containsKey("attribution-patching")));
        assertTrue(fx(() -> session.selections.containsKey("flu")), "FLU comes from the probes");

        // Select: FLU.
        nav(robot, "Select");
        SelectViewModel select = ((SelectPanel) workbench.panel("Select")).viewModel();
        fx(() -> {
            select.choose(session.selections.get("flu"));
            return null;
        });
        assertEquals("flu", fx(() -> session.selection.get().strategy()));

        // Edit: a few steps on FLU, started with the Run button.
        nav(robot, "Edit");
        EditViewModel edit = ((EditPanel) workbench.panel("Edit")).viewModel();
        fx(() -> {
            edit.value("steps").set(4);
            edit.value("batch").set(16);
            edit.value("warmup").set(0);
            edit.value("eval_every").set(2);
            edit.checked().setAll("flu");
            return null;
        });
        long changesBefore = fx(() -> session.runsChanged.get());
        robot.clickOn(button(robot, "Run"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> !thread.jobs().isEmpty()));
        awaitIdle(300);
        assertTrue(fx(() -> session.runsChanged.get()) > changesBefore, "the run reported rows as they came");
        Path run = fx(() -> session.runs.get(session.runs.size() - 1));
        assertTrue(Files.exists(run.resolve("metrics.csv")), run.toString());
        assertTrue(Files.readString(run.resolve("config.json")).contains("\"masks\""), "the run's config names its mask");

        // Results: the table and charts fill in for flu.
        nav(robot, "Results");
        ResultsViewModel results = ((ResultsPanel) workbench.panel("Results")).viewModel();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> fx(() -> results.table().stream()
                .anyMatch(r -> r.method().equals("flu"))));
        WaitForAsyncUtils.waitForFxEvents();
        ChartPane chart = robot.lookup(n -> n instanceof ChartPane && n.isVisible()).queryAs(ChartPane.class);
        assertNotNull(chart, "the results show charts");

        // Export the chart shown, as the export dialog does.
        Path png = new FigureExportRequest(FigureExportRequest.Format.PNG, 900, 600, 192, dir.resolve("bars.png"))
                .write(chart.chart());
        Path svg = new FigureExportRequest(FigureExportRequest.Format.SVG, 900, 600, 96, dir.resolve("bars.svg"))
                .write(chart.chart());
        Path pdf = new FigureExportRequest(FigureExportRequest.Format.PDF, 900, 600, 96, dir.resolve("bars.pdf"))
                .write(chart.chart());
        byte[] pngBytes = Files.readAllBytes(png);
        assertEquals((byte) 0x89, pngBytes[0]);
        assertEquals("PNG", new String(pngBytes, 1, 3, StandardCharsets.US_ASCII));
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
        assertEquals(1800, image.getWidth(), "900 px at 192 DPI is drawn at twice the size");
        javax.xml.parsers.DocumentBuilderFactory xml = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        assertEquals("svg", xml.newDocumentBuilder().parse(svg.toFile()).getDocumentElement().getNodeName());
        assertEquals("%PDF", new String(Files.readAllBytes(pdf), 0, 4, StandardCharsets.US_ASCII));
    }

    private void nav(FxRobot robot, String title) throws Exception {
        ToggleButton b = robot.lookup(".nav-button").queryAllAs(ToggleButton.class).stream()
                .filter(t -> t.getText().equals(title)).findFirst().orElseThrow();
        robot.clickOn(b);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(title, fx(() -> workbench.shown().title()));
    }

    private static Button button(FxRobot robot, String text) {
        return robot.lookup((Node n) -> n instanceof Button b && b.getText().equals(text) && b.isVisible())
                .queryAs(Button.class);
    }

    private void awaitIdle(int seconds) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> fx(() -> thread.jobs().isEmpty()));
        WaitForAsyncUtils.waitForFxEvents();
    }

}
