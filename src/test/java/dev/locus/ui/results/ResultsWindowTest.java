package dev.locus.ui.results;

import static dev.locus.ui.fixtures.Fx.fx;
import static org.junit.jupiter.api.Assertions.*;

import dev.locus.ui.Workbench;
import dev.locus.ui.fixtures.TestWindows;
import dev.locus.ui.fixtures.TinyRun;
import dev.locus.ui.session.Session;
import dev.locus.ui.task.ModelThread;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.TableView;
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

/** The real window, headless: the Results panel empty, with a real small run, and comparing two runs. */
@ExtendWith(ApplicationExtension.class)
class ResultsWindowTest {
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


    private ResultsViewModel settle() throws Exception {
        ResultsViewModel vm = ((ResultsPanel) workbench.panel("Results")).viewModel();
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

    private static boolean treeVisible(javafx.scene.Node n) {
        for (javafx.scene.Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return true;
    }

    private void shot(String name) throws Exception {
        WritableImage image = fx(() -> stage.getScene().snapshot(null));
        Path out = Path.of("target", "screenshots");
        Files.createDirectories(out);
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", new File(out.toFile(), name));
    }

    @Test
    void resultsOfARunAndAComparison(FxRobot robot) throws Exception {
        fx(() -> {
            workbench.show("Results");
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(treeVisible(robot.lookup("No results yet").query()), "the empty state says what to do");
        assertTrue(robot.lookup("Go to Edit").tryQuery().isPresent());
        shot("results-empty.png");

        Path run = TinyRun.folder();
        fx(() -> workbench.context().session().runs.add(run));
        ResultsViewModel vm = settle();
        assertFalse(treeVisible(robot.lookup("No results yet").query()), "the empty state is gone");
        assertEquals(5, robot.lookup(".chart").queryAll().size(), "five charts");
        TableView<?> table = robot.lookup(".table-view").queryAs(TableView.class);
        assertEquals(4, table.getItems().size());
        shot("results.png");
        fx(() -> {
            robot.lookup(".scroll-pane").queryAs(javafx.scene.control.ScrollPane.class).setVvalue(1.0);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        shot("results-table.png");

        Path other = TinyRun.copy(tmp.resolve("queue").resolve("rerun"));
        fx(() -> {
            workbench.context().session().runs.add(other);
            return null;
        });
        settle();
        fx(() -> {
            vm.compareWith().set(vm.choices().get(0));
            return null;
        });
        settle();
        assertFalse(fx(() -> vm.comparison().isEmpty()));
        shot("results-compare.png");
        fx(() -> {
            robot.lookup(".scroll-pane").queryAs(javafx.scene.control.ScrollPane.class).setVvalue(1.0);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        shot("results-compare-table.png");
    }
}
