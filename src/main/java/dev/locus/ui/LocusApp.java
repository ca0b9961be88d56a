package dev.locus.ui;

import javafx.application.Application;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/**
 * The workbench window. Until the workbench panels land this shows what Locus is and how to use the
 * command line, so that starting the jar without arguments already opens a real window.
 */
public final class LocusApp extends Application {

    /** Kept strongly: java.util.logging holds loggers weakly, and a collected one forgets its level. */
    private static final java.util.logging.Logger JAVAFX_LOG = java.util.logging.Logger.getLogger("javafx");

    /**
     * Opens the window; returns 0 when it closes, or prints one line and returns 1 when there is no screen
     * to open it on.
     */
    public static int run(String[] args) {
        System.setProperty("ai.djl.offline", "true");
        // JavaFX warns that it runs from the classpath; that is how the jar is built (decision 3).
        JAVAFX_LOG.setLevel(java.util.logging.Level.SEVERE);
        boolean linux = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux");
        if (linux && System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null
                && !"Monocle".equals(System.getProperty("glass.platform"))) {
            System.err.println("locus: no display to open the workbench on (DISPLAY is not set); "
                    + "run a command instead, see 'locus --help'");
            return 1;
        }
        try {
            launch(LocusApp.class, args);
            return 0;
        } catch (RuntimeException e) {
            System.err.println("locus: cannot open the workbench window: " + e.getMessage());
            return 1;
        }
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    @Override
    public void start(Stage stage) {
        stage.setTitle("Locus");
        stage.setScene(new Scene(welcome(), 860, 420));
        stage.show();
    }

    /** The first view: what Locus is and what works today. */
    static VBox welcome() {
        Label title = new Label("Locus");
        title.setStyle("-fx-font-size: 28px; -fx-font-weight: bold;");
        Label what = new Label("Find where a transformer keeps a fact, then edit or unlearn it there.");
        what.setWrapText(true);
        Label next = new Label("The workbench panels are being built. Today the command line works;\n"
                + "the bundled Sports World model and data are the default:\n"
                + "  java -jar target/locus.jar evaluate\n"
                + "  java -jar target/locus.jar info --model <hf-folder>\n"
                + "  java -jar target/locus.jar logits --model <hf-folder> --prompt \"text\" --out logits.npy\n"
                + "  java -jar target/locus.jar bench");
        next.setStyle("-fx-font-family: monospace;");
        VBox box = new VBox(16, title, what, next);
        box.setPadding(new Insets(24));
        return box;
    }
}
