package dev.locus.ui.results;

import static dev.locus.ui.fixtures.Fx.fx;
import static org.junit.jupiter.api.Assertions.*;

import dev.locus.ui.Workbench;
import dev.locus.ui.fixtures.TestWindows;
import dev.locus.ui.fixtures.TinyRun;
import dev.locus.ui.session.Session;
import dev.locus.ui.task.ModelThread;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.stage.Stage;
import org.jfree.chart.fx.ChartViewer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Results panel shows the soft-prompt attack's card, with the paper's bars, exactly when the run has soft-prompt
 * rows: a run without them (the tiny run) shows no card; the same run with each prompt's rows added shows it.
 */
@ExtendWith(ApplicationExtension.class)
class SoftPromptCardWindowTest {
    private static final String TITLE = "Soft-prompt attack (mean over prompts and seeds; bars show one standard deviation)";
    @TempDir
    Path tmp;
    private Workbench workbench;
    private ModelThread thread;

    @Start
    void start(Stage stage) {
        thread = TestWindows.thread();
        workbench = TestWindows.open(stage, new Session(), thread, true);
    }

    @AfterEach
    void close() {
        thread.close();
    }

    private void settle() throws Exception {
        ResultsViewModel vm = ((ResultsPanel) workbench.panel("Results")).viewModel();
        for (int i = 0; i < 100; i++) {
            var f = fx(vm::latest);
            f.get(60, TimeUnit.SECONDS);
            WaitForAsyncUtils.waitForFxEvents();
            if (fx(vm::latest) == f && !fx(() -> vm.loading().get())) {
                break;
            }
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static boolean treeVisible(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return true;
    }

    @Test
    void theCardAppearsWithSoftPromptRowsOnly(FxRobot robot) throws Exception {
        fx(() -> {
            workbench.show("Results");
            return null;
        });
        Path plain = TinyRun.copy(tmp.resolve("plain").resolve("tiny-ui"));
        fx(() -> workbench.context().session().runs.add(plain));
        settle();
        assertFalse(treeVisible(robot.lookup(TITLE).query()), "no soft-prompt rows, no card");
        Path attacked = TinyRun.copy(tmp.resolve("attacked").resolve("tiny-ui"));
        StringBuilder rows = new StringBuilder();
        for (String method : new String[] {"flu", "causal-tracing"}) {
            for (int k = 1; k <= 2; k++) {
                rows.append(method).append(",0,soft-prompt-").append(k).append(",standard,forget,accuracy,0.").append(k).append('\n');
                rows.append(method).append(",0,soft-prompt-").append(k).append(",standard,forget,edit_accuracy,0.5\n");
                rows.append(method).append(",0,soft-prompt-").append(k).append(",standard,maintain,accuracy,0.9\n");
            }
        }
        Files.writeString(attacked.resolve("metrics.csv"), rows, StandardOpenOption.APPEND);
        fx(() -> workbench.context().session().runs.add(attacked));
        settle();
        ResultsViewModel vm = ((ResultsPanel) workbench.panel("Results")).viewModel();
        fx(() -> {
            vm.selected().set(vm.choices().stream().filter(c -> c.folders().contains(attacked)).findFirst().orElseThrow());
            return null;
        });
        settle();
        assertTrue(treeVisible(robot.lookup(TITLE).query()), "the card is shown");
        boolean drawn = robot.lookup(".chart").queryAll().stream().anyMatch(n -> n instanceof ChartViewer v
                && v.getChart().getTitle() != null && v.getChart().getTitle().getText().equals("Soft-prompt attack (Standard)")
                && treeVisible(n));
        assertTrue(drawn, "with the soft-prompt bars");
    }
}
