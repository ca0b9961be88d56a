package dev.locus.ui;

import dev.locus.ui.drive.WorkbenchTour;
import dev.locus.ui.session.Session;
import dev.locus.ui.session.Settings;
import dev.locus.ui.task.AppLog;
import dev.locus.ui.task.ModelThread;
import javafx.application.Application;
import javafx.stage.Stage;

/** The workbench application: the window ({@link Workbench}) over a session and its model thread. */
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

    private ModelThread thread;

    @Override
    public void start(Stage stage) {
        AppLog log = AppLog.in(Settings.home());
        log.info("workbench starting");
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> log.error("uncaught on " + t.getName(), e));
        thread = new ModelThread(log);
        Workbench workbench = new Workbench(stage, new Session(), thread);
        stage.setTitle("Locus");
        var icon = LocusApp.class.getResourceAsStream("locus.png");
        if (icon != null) {
            stage.getIcons().add(new javafx.scene.image.Image(icon));
        }
        stage.setScene(workbench.scene());
        stage.setMinWidth(1024);
        stage.setMinHeight(680);
        double[] visible = {0};
        stage.setOnShown(e -> {
            visible[0] = (System.currentTimeMillis()
                    - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
            log.info(String.format(java.util.Locale.ROOT, "window visible %.2f s after the JVM started", visible[0]));
        });
        stage.setOnCloseRequest(workbench::confirmClose);
        stage.show();
        workbench.started();
        WorkbenchTour.startIfAsked(workbench, stage, thread, visible[0]);
    }

    @Override
    public void stop() {
        if (thread != null) {
            thread.cancelAll();
            thread.close();
        }
    }
}
