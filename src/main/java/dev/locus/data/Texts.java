package dev.locus.data;

import dev.locus.core.Messages;
import java.nio.file.Path;

/** Names taken from files. (The helpers for messages are {@link Messages}.) */
public final class Texts {
    private Texts() {
    }

    /** A dataset name from a file name: without folder and extension. */
    public static String baseName(Path file) {
        String name = Messages.label(file);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
