package dev.locus.plan;

import dev.locus.cli.LocusCli;
import java.nio.file.Files;
import java.nio.file.Path;

/** A `locus` command in its own JVM that prints the process's peak resident memory (VmHWM, bytes) last. */
public final class PeakChild {
    private PeakChild() {
    }

    public static void main(String[] args) throws Exception {
        int code = LocusCli.run(args);
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                System.out.println("peak " + Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
            }
        }
        System.exit(code);
    }
}
