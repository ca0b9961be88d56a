package dev.locus.model.io;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/** Turns low-level exceptions into the short reasons that go into a LocusException message. */
final class IoErrors {
    private IoErrors() {
    }

    /** "permission denied", "no such file or folder", or the exception's own reason; never a stack-trace dump. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException) {
            return ((FileSystemException) e).getFile() + " is in the way (a file where a folder is needed)";
        }
        if (e instanceof ClosedChannelException) {
            return "the file is already closed";
        }
        // FileSystemException's getMessage() repeats the path; its reason alone is the useful part.
        String text = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
        return text == null || text.isBlank() ? e.getClass().getSimpleName() : oneLine(text);
    }

    /** The first line of a message, cut to a readable length (messages are shown in one line). */
    static String oneLine(String text) {
        if (text == null) {
            return "(no details)";
        }
        String line = text.lines().findFirst().orElse("").strip();
        return clip(line, 200);
    }

    /**
     * Text cut to at most max characters, control characters escaped: strings from a broken file can be arbitrarily
     * long or hold line breaks, and a message must stay one line.
     */
    static String clip(String text, int max) {
        return dev.locus.core.Messages.clip(text, max);
    }

    /** A name from a file or the caller, quoted for a message: 'wte.weight'. */
    static String quote(String name) {
        return "'" + clip(name, 200) + "'";
    }

    /** The name to use for a file in messages: its file name, or the whole path if it has none. */
    static String label(Path file) {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }
}
