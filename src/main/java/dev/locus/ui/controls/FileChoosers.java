package dev.locus.ui.controls;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;

/** File and folder choosers, opening in a folder of the caller's when it exists. */
public final class FileChoosers {
    private FileChoosers() {
    }

    /** A file chooser with this title and filters, starting in {@code folder} when that is a folder (null: anywhere). */
    public static FileChooser files(String title, Path folder, FileChooser.ExtensionFilter... filters) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().addAll(filters);
        if (folder != null && Files.isDirectory(folder)) {
            chooser.setInitialDirectory(folder.toFile());
        }
        return chooser;
    }

    /** A folder chooser with this title, starting in {@code folder} when that is a folder (null: anywhere). */
    public static DirectoryChooser folders(String title, Path folder) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(title);
        if (folder != null && Files.isDirectory(folder)) {
            chooser.setInitialDirectory(folder.toFile());
        }
        return chooser;
    }

    /** One filter: "Facts (*.csv)". */
    public static FileChooser.ExtensionFilter filter(String what, String... patterns) {
        return new FileChooser.ExtensionFilter(what, patterns);
    }
}
