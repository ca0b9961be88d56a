package dev.locus.cli.sweep;

import dev.locus.core.LocusException;
import dev.locus.sweep.SweepFiles;
import java.nio.file.Files;
import java.nio.file.Path;

/** The sweep folder a command is given, checked before anything reads it. */
final class Checks {
    private Checks() {
    }

    static Path sweep(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new LocusException(dir + ": " + (Files.exists(dir) ? "not a folder" : "no such folder"));
        }
        if (!SweepFiles.isSweep(dir)) {
            throw new LocusException(dir + ": not a sweep folder (it has no " + SweepFiles.MANIFEST + " and "
                    + SweepFiles.INFO + "; `locus sweep` or `locus run --launcher` writes them)");
        }
        return dir.toAbsolutePath().normalize();
    }
}
