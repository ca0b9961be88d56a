package dev.locus.ui.edit;

import static dev.locus.ui.fixtures.Fx.fx;
import static org.junit.jupiter.api.Assertions.*;

import dev.locus.model.MemoryBudget;
import dev.locus.ui.Workbench;
import dev.locus.ui.fixtures.EditFixtures;
import dev.locus.ui.fixtures.TestWindows;
import dev.locus.ui.session.Session;
import dev.locus.ui.task.ModelThread;
import java.nio.file.Path;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Before a run: the Edit panel shows the estimator's memory and fit for the queued edits; the Model panel the device. */
@ExtendWith(ApplicationExtension.class)
class EditEstimateWindowTest {
    @TempDir
    Path tmp;

    private Workbench workbench;
    private ModelThread thread;

    @Start
    void start(Stage stage) {
        thread = TestWindows.thread();
        Session session = new Session();
        session.workspaceFolder.set(tmp.resolve("workspace"));
        workbench = TestWindows.open(stage, session, thread, true);
    }

    @AfterEach
    void close() {
        System.clearProperty("locus.memory.available");
        thread.cancelAll();
        thread.close();
    }

    @Test
    void theQueuedEditsEstimateShowsAndSaysWhenItDoesNotFit(FxRobot robot) throws Exception {
        EditFixtures.loadSportsWorld(workbench.context(), tmp.resolve("data"));
        fx(() -> workbench.show("Edit"));
        EditViewModel vm = ((EditPanel) workbench.panel("Edit")).viewModel();
        fx(() -> vm.checked().setAll("flu", "nonlocalized"));
        WaitForAsyncUtils.waitFor(20, java.util.concurrent.TimeUnit.SECONDS,
                () -> robot.lookup("#edit-estimate").tryQuery().isPresent());
        Label label = robot.lookup("#edit-estimate").queryAs(Label.class);
        String text = fx(label::getText);
        assertTrue(text.startsWith("Estimate: the largest edit (nonlocalized) needs "), text);
        assertTrue(text.contains(" beside the model, fits in the "), text);

        System.setProperty("locus.memory.available", "1000");
        fx(() -> vm.checked().setAll("flu"));   // any change recomputes it
        String tight = fx(label::getText);
        assertTrue(tight.contains("(flu) needs ") && tight.contains(": does not fit in the "
                + MemoryBudget.size(1000) + " free; lower the batch or micro_batch"), tight);

        fx(() -> workbench.show("Model"));
        WaitForAsyncUtils.waitFor(20, java.util.concurrent.TimeUnit.SECONDS,
                () -> robot.lookup("#device-choice").tryQuery().isPresent());
        @SuppressWarnings("unchecked")
        ComboBox<String> device = robot.lookup("#device-choice").queryAs(ComboBox.class);
        assertEquals("auto", fx(device::getValue));
        assertEquals(java.util.List.of("auto", "cpu", "gpu"), fx(() -> java.util.List.copyOf(device.getItems())));
        assertTrue(robot.lookup(l -> l instanceof Label && ((Label) l).getText() != null
                && ((Label) l).getText().startsWith("No GPU: this build carries the CPU libtorch")
                && ((Label) l).getTooltip().getText().startsWith("no GPU is visible to libtorch")).tryQuery().isPresent(),
                "on this CPU machine the GPU entry says why it is off");
        fx(() -> device.setValue("gpu"));
        assertEquals("auto", fx(device::getValue), "a GPU that is not there cannot be chosen");
        fx(() -> device.setValue("cpu"));
        assertEquals("cpu", fx(() -> workbench.context().session().device.get()));
    }
}
