package dev.locus.core;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Helpers for one-line user-facing messages: text that came out of a file, clipped and quoted; the name of a file;
 * and the short reason of an I/O failure. Messages read {@code <file>: <where>: <what is wrong>}.
 */
public final class Messages {
    private Messages() {
    }

    /**
     * Text cut to at most {@code max} characters, control characters escaped: strings from a broken file can
     * be arbitrarily long or hold line breaks, and a message must stay one line.
     */
    public static String clip(String text, int max) {
        String cut = text.length() <= max ? text : text.substring(0, max) + "...";
        StringBuilder b = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    /** A name or value from a file or the user, quoted and made safe for a one-line message: 'wte.weight'. */
    public static String quote(String text) {
        return text == null ? "(none)" : "'" + clip(text, 200) + "'";
    }

    /** The name to use for a file in messages: its file name, or the whole path if it has none. */
    public static String label(Path file) {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }

    /** The first line of a message, stripped and clipped (messages are shown in one line). */
    public static String firstLine(String text) {
        if (text == null || text.isBlank()) {
            return "(no details)";
        }
        return clip(text.lines().filter(l -> !l.isBlank()).findFirst().orElse("").strip(), 200);
    }

    /**
     * Why an I/O operation failed, in a few words: "no such file", "permission denied", "not valid UTF-8 text",
     * "X is in the way (a file where a folder is needed)", "the file is already closed", or the exception's own
     * first line, clipped; never a stack-trace dump.
     */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof CharacterCodingException) {
            return "not valid UTF-8 text";
        }
        if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException) {
            return ((FileSystemException) e).getFile() + " is in the way (a file where a folder is needed)";
        }
        if (e instanceof ClosedChannelException) {
            return "the file is already closed";
        }
        // FileSystemException's getMessage() repeats the path; its reason alone is the useful part.
        String text = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
        return text == null || text.isBlank() ? e.getClass().getSimpleName() : firstLine(text);
    }
}
