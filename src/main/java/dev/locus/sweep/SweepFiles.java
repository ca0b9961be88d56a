package dev.locus.sweep;

import dev.locus.core.LocusException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The files of a sweep folder (the README's "Running on a cluster" shows the layout), by name. */
public final class SweepFiles {
    public static final String MANIFEST = "manifest.jsonl";
    public static final String IDS = "ids.txt";
    public static final String INFO = "launch.json";
    public static final String SUMMARY_LOCK = "summary.lock";
    public static final String SUMMARY_DONE = "summary.done";

    private SweepFiles() {
    }

    /** The run folder of run {@code id}: the existing run format. */
    public static Path runFolder(Path dir, String id) {
        return dir.resolve("runs").resolve(id);
    }

    /** The log every attempt of run {@code id} appends its output to. */
    public static Path log(Path dir, String id) {
        return dir.resolve("runs").resolve(id + ".log");
    }

    /** Whether {@code dir} holds a sweep (its manifest). */
    public static boolean isSweep(Path dir) {
        return Files.isRegularFile(dir.resolve(MANIFEST)) && Files.isRegularFile(dir.resolve(INFO));
    }

    /**
     * {@code dir} as an absolute, normalized path when it holds a sweep; else one LocusException saying what it is.
     */
    public static Path requireSweep(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            throw new LocusException(abs + ": " + (Files.exists(abs) ? "not a folder" : "no such folder"));
        }
        if (!isSweep(abs)) {
            throw new LocusException(abs + ": not a sweep folder (it has no " + MANIFEST + " and " + INFO
                    + "; `locus sweep --out`, `locus run --launcher` or the workbench's Launch a sweep writes them)");
        }
        return abs;
    }

    /** The last line of a log that is not blank (at most 300 characters), or "" when there is none. */
    public static String lastLine(Path log) {
        if (!Files.isRegularFile(log)) {
            return "";
        }
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long len = f.length();
            int n = (int) Math.min(len, 8192);
            byte[] tail = new byte[n];
            f.seek(len - n);
            f.readFully(tail);
            String[] lines = new String(tail, StandardCharsets.UTF_8).split("\\R");
            for (int i = lines.length - 1; i >= 0; i--) {
                String l = lines[i].strip();
                if (!l.isEmpty()) {
                    return l.length() > 300 ? l.substring(0, 300) + "..." : l;
                }
            }
            return "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    static void createFolders(Path dir) {
        try {
            Files.createDirectories(dir.resolve("runs"));
        } catch (IOException e) {
            throw new LocusException(dir + ": cannot create the sweep folder (" + e.getMessage() + ")", e);
        }
    }
}
