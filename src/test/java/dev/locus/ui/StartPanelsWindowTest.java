package dev.locus.ui;

import static dev.locus.ui.fixtures.Fx.fx;
import static org.junit.jupiter.api.Assertions.*;

import dev.locus.ui.data.DataPanel;
import dev.locus.ui.data.DataViewModel;
import dev.locus.ui.fixtures.ModelDataFixture;
import dev.locus.ui.fixtures.TestWindows;
import dev.locus.ui.model.ModelPanel;
import dev.locus.ui.session.Session;
import dev.locus.ui.task.Job;
import dev.locus.ui.task.ModelThread;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.image.WritableImage;
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
 * The real window (headless, Monocle) at 1280x800: it starts with the bundled model and data loaded, Home tells
 * what to do, Model runs a prompt, Data scores the formats; each is saved to {@code target/screenshots}.
 */
@ExtendWith(ApplicationExtension.class)
class StartPanelsWindowTest {
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
        WaitForAsyncUtils.asyncFx(() -> thread.cancelAll()).get();
        thread.close();
    }

    @Test
    void homeModelAndDataRenderWithTheBundledModelLoaded(FxRobot robot) throws Exception {
        awaitIdle();
        Session s = workbench.context().session();
        assertNotNull(fx(() -> s.model.get()), "the bundled model loads at start");
        assertNotNull(fx(() -> s.split.get()), "the bundled data loads at start");
        assertEquals("Home", fx(() -> workbench.shown().title()), "Home is the first view");
        assertEquals("Show the finished comparison", robot.lookup(".show-finished").queryButton().getText());
        assertTrue(robot.lookup(".run-live").queryButton().getText().contains("Run it live"));
        assertFalse(robot.lookup(".run-live").queryButton().isDisabled(), "enabled once model and data are in");
        assertEquals(6, robot.lookup(".step-card").queryAll().size());
        assertTrue(robot.lookup(".hint").queryAllAs(Label.class).stream()
                .anyMatch(l -> l.getText().startsWith("On the bundled model: causal tracing (OT) resists relearning")),
                "Home says what the bundled comparison shows");
        assertTrue(robot.lookup(".session-state").queryAllAs(Label.class).stream()
                .anyMatch(l -> l.getText().contains("Sports World")));
        shoot("home");

        // A step's button opens its panel.
        robot.clickOn("Open Model  \u2192");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Model", fx(() -> workbench.shown().title()));
        ModelPanel model = (ModelPanel) workbench.panel("Model");
        await(fx(() -> model.viewModel().playground().run()));
        awaitIdle();
        assertTrue(robot.lookup(".token-chip").queryAll().size() > 5, "the prompt's tokens are shown");
        assertTrue(robot.lookup(".summary-value").queryAllAs(Label.class).stream()
                .anyMatch(l -> l.getText().equals("LlamaForCausalLM") || l.getText().equals("llama")));
        shoot("model");

        fx(() -> workbench.show("Data"));
        DataPanel data = (DataPanel) workbench.panel("Data");
        await(fx(() -> data.viewModel().scoreAccuracy()));
        awaitIdle();
        @SuppressWarnings("unchecked")
        TableView<DataViewModel.FormatAccuracy> acc = robot.lookup(".table-view").queryAllAs(TableView.class).stream()
                .filter(t -> t.getItems() == data.viewModel().accuracy()).findFirst().orElseThrow();
        assertEquals(5, acc.getItems().size(), "standard, mcq, qa and the paper's two system-prompt formats");
        assertEquals(5, robot.lookup(".prompt-text").queryAll().size(), "one preview per format");
        shoot("data");

        // Larger text (Ctrl+=, for a projector) still fits.
        fx(() -> workbench.fontSize().set(17));
        shoot("data-large-text");
        fx(() -> workbench.show("Home"));
        shoot("home-large-text");
    }

    private void shoot(String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(300); // let the charts' canvases and the notifications settle
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage shot = WaitForAsyncUtils.asyncFx(() -> stage.getScene().snapshot(null)).get();
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


    private static <T> Job<T> await(Job<T> job) throws Exception {
        return ModelDataFixture.await(job);
    }
}
