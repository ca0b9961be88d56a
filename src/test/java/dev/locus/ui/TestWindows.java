package dev.locus.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import javafx.stage.Stage;

/** The real workbench in a test's stage (headless): what every window test starts from. */
final class TestWindows {
    private TestWindows() {
    }

    /** A model thread logging into a temporary folder (tests never write the user's ~/.locus). */
    static ModelThread thread() {
        try {
            return new ModelThread(new AppLog(Files.createTempDirectory("locus-test-log").resolve("locus.log")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Shows the workbench over session at 1280 x 800; {@code started} loads the bundled model and data as the app does. */
    static Workbench open(Stage stage, Session session, ModelThread thread, boolean started) {
        Workbench workbench = new Workbench(stage, session, thread);
        stage.setScene(workbench.scene());
        stage.setWidth(1280);
        stage.setHeight(800);
        stage.show();
        if (started) {
            workbench.started();
        }
        return workbench;
    }
}
