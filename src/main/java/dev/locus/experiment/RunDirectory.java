package dev.locus.experiment;

import dev.locus.core.LocusException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The folder a run writes into. It must be new or empty, so that two runs never mix; {@code force} empties it first
 * (only when it looks like a run directory: it has a {@code config.json} or {@code run.json}, so a typo never wipes a
 * user's folder).
 */
public final class RunDirectory {
    private RunDirectory() {
    }

    public static Path prepare(Path dir, boolean force) {
        try {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new LocusException(dir + ": exists and is not a folder");
            }
            if (Files.isDirectory(dir) && !isEmpty(dir)) {
                if (!force) {
                    throw new LocusException(dir + ": is not empty; give --force to replace the run there, or choose"
                            + " a new folder");
                }
                if (!Files.exists(dir.resolve("config.json")) && !Files.exists(dir.resolve("run.json"))) {
                    throw new LocusException(dir + ": is not empty and holds no run (no config.json or run.json);"
                            + " not replacing it even with --force");
                }
                clear(dir);
            }
            Files.createDirectories(dir);
            return dir;
        } catch (IOException e) {
            throw new LocusException(dir + ": cannot prepare the run folder (" + e.getMessage() + ")", e);
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static void clear(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.delete(p);
                }
            }
        }
    }
}
