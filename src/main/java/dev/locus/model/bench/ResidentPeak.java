package dev.locus.model.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's peak resident memory over a stretch of work, from Linux's {@code VmHWM}, which writing 5 to
 * {@code /proc/self/clear_refs} resets. Measured peaks sit beside the estimator's predictions in run.json, so every
 * run checks the estimate. Elsewhere (no /proc) it measures nothing and says so with -1.
 */
public final class ResidentPeak {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private ResidentPeak() {
    }

    /** Starts a new stretch: the peak from now on is what {@link #bytes()} reports. */
    public static void reset() {
        try {
            Files.writeString(CLEAR_REFS, "5");
        } catch (IOException | RuntimeException e) {
            // not Linux, or not allowed: bytes() then reports the peak since the process started
        }
    }

    /** The peak resident bytes since the last {@link #reset()} (or the process's start); -1 when unknown. */
    public static long bytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
