package dev.locus.ui;

import static dev.locus.ui.fixtures.Fx.fx;
import static org.junit.jupiter.api.Assertions.*;

import dev.locus.ui.controls.ChartCaptions;
import dev.locus.ui.controls.ChartPane;
import dev.locus.ui.fixtures.TestWindows;
import dev.locus.ui.fixtures.TinyRun;
import dev.locus.ui.results.ResultsPanel;
import dev.locus.ui.session.Session;
import dev.locus.ui.task.ModelThread;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Every chart in the workbench's panels (Results with a run) shows its caption under it, with its help behind "?". */
@ExtendWith(ApplicationExtension.class)
class ChartCaptionsWindowTest {
    private Workbench workbench;
    private ModelThread thread;

    @Start
    void start(Stage stage) {
        thread = TestWindows.thread();
        workbench = TestWindows.open(stage, new Session(), thread, false);
    }

    @AfterEach
    void close() {
        thread.close();
    }

    private static List<ChartPane> charts(Node root) {
        List<ChartPane> out = new ArrayList<>();
        if (root instanceof ChartPane c) {
            out.add(c);
        }
        if (root instanceof Parent p) {
            p.getChildrenUnmodifiable().forEach(n -> out.addAll(charts(n)));
        }
        return out;
    }

    @Test
    void everyChartOfEveryPanelHasItsCaption() throws Exception {
        fx(() -> workbench.context().session().runs.add(TinyRun.folder()));
        ResultsPanel results = (ResultsPanel) workbench.panel("Results");
        fx(() -> workbench.show("Results"));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> fx(() -> charts(results.view()).size() == 5));
        List<String> seen = new ArrayList<>();
        for (String title : workbench.panelTitles()) {
            fx(() -> workbench.show(title));
            WaitForAsyncUtils.waitForFxEvents();
            for (ChartPane pane : fx(() -> charts(workbench.panel(title).view()))) {
                String key = pane.captionKey();
                assertNotNull(key, title + ": a chart without a caption");
                seen.add(title + ":" + key);
                ChartCaptions.Caption c = ChartCaptions.of(key);
                assertEquals(c.caption(), fx(() -> pane.captionLabel().getText()), title + " " + key);
                assertTrue(fx(() -> pane.captionLabel().isVisible()), title + " " + key + ": shown");
                javafx.scene.control.Label help = (javafx.scene.control.Label) fx(() -> pane.lookup(".chart-help"));
                assertEquals(c.help(), help.getTooltip().getText(), title + " " + key + ": its help");
            }
        }
        assertTrue(seen.containsAll(List.of("Model:next-token-probabilities", "Edit:edit-loss", "Results:bars",
                "Results:radar", "Results:relearn", "Results:probes-true", "Results:probes-edit", "Sweeps:sweep")),
                "the charts of Model, Edit, Results and Sweeps: " + seen);
    }
}
