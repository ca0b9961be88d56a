package dev.locus.model;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a model's weights need, checked before loading starts: a model too large for the machine is refused with the
 * numbers, instead of the process dying half-way through. Weights are held in the compute type (float32 unless
 * asked otherwise), whatever the checkpoint's dtype; loading converts tensor by tensor, so the peak is the weights
 * plus a little.
 */
public final class MemoryBudget {
    /** Headroom for the loader's buffers, the tokenizer and the first passes: 10% and 32 MiB. */
    static final long HEADROOM = 32L << 20;

    private MemoryBudget() {
    }

    /** Bytes the weights of {@code parameters} take in {@code type}, with headroom. */
    public static long weightBytes(long parameters, DataType type) {
        long weights = parameters * type.getNumOfBytes();
        return weights + weights / 10 + HEADROOM;
    }

    /**
     * Memory free for tensors on the CPU: Linux's MemAvailable (free memory plus what the page cache can give back),
     * else the free physical memory the JVM sees. {@code -Dlocus.memory.available=BYTES} sets it (tests, or to leave
     * room for other programs).
     */
    public static long availableBytes() {
        String forced = System.getProperty("locus.memory.available");
        if (forced != null) {
            return Long.parseLong(forced.strip());
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: the JVM's view below.
        }
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getFreeMemorySize();
        }
        return Long.MAX_VALUE;
    }

    /** Throws a LocusException naming the folder and the numbers when the weights will not fit on a CPU device. */
    public static void checkFits(Path folder, long parameters, DataType type, Device device) {
        if (device != null && device.isGpu()) {
            return; // libtorch reports a GPU that runs out as an error the app shows; CPU exhaustion kills the process
        }
        long need = weightBytes(parameters, type);
        long have = availableBytes();
        if (need > have) {
            throw new LocusException(String.format(Locale.ROOT,
                    "%s: needs about %s for its weights in %s (%,d parameters), more than the %s this machine has"
                            + " free; close other programs, or use a machine with more memory or a GPU",
                    folder, size(need), type.name().toLowerCase(Locale.ROOT), parameters, size(have)));
        }
    }

    /**
     * Bytes one training step keeps for the backward pass, roughly: per layer the residual stream, attention's q, k,
     * v, output and scores, the MLP's hidden units; and the logits. In float32; what the loss needs over its batch.
     */
    public static long activationBytes(ModelConfig c, int batch, int positions) {
        long tokens = (long) batch * positions;
        long perLayer = tokens * (10L * c.dModel() + 3L * c.dMlp()) + (long) batch * c.nHeads() * positions * positions * 2;
        return 4 * (c.nLayers() * perLayer + 2 * tokens * c.vocabSize());
    }

    /**
     * Throws a LocusException with the numbers when an edit will not fit on a CPU device: a private copy of the trained
     * weights and AdamW's two moments for them (3 x), plus the activations of the batch at its longest prompt.
     */
    public static void checkEdit(ModelConfig c, Device device, long trainedParameters, int batch, int positions) {
        if (device != null && device.isGpu()) {
            return;
        }
        long weights = 3 * 4 * trainedParameters;
        long activations = activationBytes(c, batch, positions);
        long have = availableBytes();
        if (weights + activations > have) {
            throw new LocusException(String.format(Locale.ROOT,
                    "the edit needs about %s (%s for the trained weights and their optimizer state, %s for a batch of %d"
                            + " prompts of %d tokens), more than the %s this machine has free; lower the batch or"
                            + " train fewer components", size(weights + activations), size(weights), size(activations),
                    batch, positions, size(have)));
        }
    }

    /** "8.9 MB", "34.1 GB" */
    public static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + " bytes";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
