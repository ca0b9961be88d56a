package dev.locus.ui.task;

import dev.locus.core.LocusException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CancellationException;

/**
 * The workbench's log file: what went wrong, with the stack trace, for the user to open (Help, Open log); the app
 * itself only ever shows {@link #userMessage}. Any thread may call it.
 */
public final class AppLog {
    private final Path file;

    public AppLog(Path file) {
        this.file = file;
    }

    /** The log of the workbench whose own files are in {@code home} ({@code logs/locus.log}). */
    public static AppLog in(Path home) {
        return new AppLog(home.resolve("logs").resolve("locus.log"));
    }

    public Path file() {
        return file;
    }

    public void info(String message) {
        write("INFO  " + message);
    }

    /** Logs the failure in full; returns the one line the user sees. */
    public String error(String what, Throwable e) {
        String shown = userMessage(e);
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        write("ERROR " + what + ": " + shown + System.lineSeparator() + trace);
        return shown;
    }

    /** One clear line for a failure: our own messages as they are, anything else named with a pointer to the log. */
    public static String userMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof LocusException) {
                return t.getMessage();
            }
            if (t instanceof CancellationException || t instanceof InterruptedException) {
                return "cancelled";
            }
            if (dev.locus.model.MemoryBudget.isOutOfMemory(t)) {
                return "ran out of memory; try a smaller batch or fewer prompts (details in the log)";
            }
        }
        String m = e.getMessage();
        return "unexpected error: " + e.getClass().getSimpleName() + (m == null ? "" : " (" + m + ")")
                + "; details in the log";
    }

    private synchronized void write(String line) {
        try {
            Files.createDirectories(file.getParent());
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
            Files.writeString(file, stamp + " " + line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // A log that cannot be written must not take the app down with it.
        }
    }
}
