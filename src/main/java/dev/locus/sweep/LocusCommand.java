package dev.locus.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a task process starts Locus: the config's {@code cluster.locus_command} split at spaces (a cluster's
 * {@code locus} launcher script), or else this JVM's Java and class path with Locus's main class, which a node sees
 * when Locus sits on shared storage.
 */
public final class LocusCommand {
    private LocusCommand() {
    }

    public static List<String> of(String configured) {
        if (configured != null && !configured.isBlank()) {
            return List.of(configured.strip().split("\\s+"));
        }
        List<String> c = new ArrayList<>();
        c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        c.add("-cp");
        // absolute: a task may start in another folder (a node's home, a scheduler's spool)
        c.add(java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(p -> Path.of(p).toAbsolutePath().normalize().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator)));
        c.add("dev.locus.Launcher");
        return c;
    }

    /** The command that runs line {@code index} of the sweep in {@code dir}. */
    public static List<String> task(List<String> command, Path dir, int index) {
        List<String> c = new ArrayList<>(command);
        c.add("sweep-task");
        c.add(dir.toAbsolutePath().toString());
        c.add("--index");
        c.add(Integer.toString(index));
        return c;
    }
}
