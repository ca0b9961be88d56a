package dev.locus.ui.session;

import java.nio.file.Path;

/** Where the workbench keeps its own files: {@code -Dlocus.home}, else {@code ~/.locus}. */
public final class Settings {
    private Settings() {
    }

    public static Path home() {
        String home = System.getProperty("locus.home");
        return home != null ? Path.of(home) : Path.of(System.getProperty("user.home"), ".locus");
    }
}
