package dev.locus.data;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Small text helpers for one-line error messages. */
public final class Texts {
    private Texts() {
    }

    /**
     * A value from a file or the user, quoted and made safe for a one-line message: a broken file can hold
     * arbitrarily long strings and line breaks.
     */
    public static String quote(String text) {
        return text == null ? "(none)" : "'" + clean(text, 120) + "'";
    }

    /** Text cut to max characters with control characters escaped, so that a message stays one line. */
    public static String clean(String text, int max) {
        return dev.locus.core.Messages.clip(text, max);
    }

    /** The name to use for a file in messages: its file name, or the whole path if it has none. */
    public static String label(Path file) {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }

    /** A dataset name from a file name: without folder and extension. */
    public static String baseName(Path file) {
        String name = label(file);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** "permission denied", "no such file", or the exception's own reason. */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        String text = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
        if (text == null || text.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return text.lines().findFirst().orElse("").strip();
    }
}
