package dev.locus;

import dev.locus.cli.LocusCli;
import dev.locus.ui.LocusApp;

/**
 * Entry point of {@code locus.jar}: no arguments opens the workbench, anything else runs the command line.
 * It is a plain class, not the JavaFX {@code Application}: a main class that extends Application cannot
 * start from a classpath jar ("JavaFX runtime components are missing").
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", "true");
        System.exit(args.length == 0 ? LocusApp.run(args) : LocusCli.run(args));
    }
}
