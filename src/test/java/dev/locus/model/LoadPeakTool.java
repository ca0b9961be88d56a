package dev.locus.model;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Measures loading (not a test): {@code java -Xmx3g -cp ... dev.locus.model.LoadPeakTool FOLDER float32|float16}
 * loads the folder and prints the time, the weights' bytes and the process's peak resident memory (VmHWM from
 * /proc/self/status: the JVM's own, the libtorch weights and every transient buffer of loading).
 */
public final class LoadPeakTool {
    private LoadPeakTool() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        ComputeType type = ComputeType.parse(args.length > 1 ? args[1] : "float32");
        Engines.start();
        long before = status("VmRSS");
        long t = System.nanoTime();
        try (LocusModel model = LocusModel.load(folder, Device.cpu(), type)) {
            double seconds = (System.nanoTime() - t) / 1e9;
            long weights = model.transformer().weights().parameterCount() * type.bytes();
            long files = 0;
            try (var s = Files.list(folder)) {
                for (Path p : s.filter(p -> p.toString().endsWith(".safetensors")).toList()) {
                    files += Files.size(p);
                }
            }
            System.out.printf("%s %s: load %.1f s; weights %.0f MB; files %.0f MB; RSS before load %.0f MB, "
                            + "after %.0f MB, peak (VmHWM) %.0f MB%n", folder.getFileName(), type.label(), seconds,
                    weights / 1e6, files / 1e6, before / 1e3, status("VmRSS") / 1e3, status("VmHWM") / 1e3);
        }
    }

    /** A /proc/self/status field in kB. */
    static long status(String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
