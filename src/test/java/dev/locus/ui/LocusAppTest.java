package dev.locus.ui;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The real window, headless (Monocle): it opens, shows what Locus is, and renders. */
@ExtendWith(ApplicationExtension.class)
class LocusAppTest {
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        new LocusApp().start(stage);
    }

    @Test
    void windowOpensWithEveryPanelInTheNavigation(FxRobot robot) throws Exception {
        assertEquals("Locus", stage.getTitle());
        assertTrue(stage.isShowing());
        for (String title : java.util.List.of("Home", "Model", "Data", "Localize", "Select", "Edit", "Results")) {
            assertTrue(robot.lookup(".nav-button").queryAllAs(javafx.scene.control.ToggleButton.class).stream()
                    .anyMatch(b -> b.getText().equals(title)), title);
        }
        WritableImage shot = WaitForAsyncUtils.asyncFx(() -> stage.getScene().snapshot(null)).get();
        assertTrue(shot.getWidth() >= 700 && shot.getHeight() >= 400);
        Path out = Path.of("target", "screenshots");
        Files.createDirectories(out);
        ImageIO.write(SwingFXUtils.fromFXImage(shot, null), "png", new File(out.toFile(), "welcome.png"));
    }
}
