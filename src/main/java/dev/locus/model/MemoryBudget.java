package dev.locus.model;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.locus.core.LocusException;
import dev.locus.model.config.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a model and its edits need, checked before loading starts and before each edit: a model too large for the
 * machine's memory or the GPU's is refused with the numbers, instead of the process dying half-way through. Weights
 * are held in the compute type (float32 unless asked otherwise), whatever the checkpoint's dtype; loading converts
 * tensor by tensor, so the peak is the weights plus a little.
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
     * The training step the loaded model will take: prompts (and general lines) per batch, tokens in the longest
     * prompt, and tokens in the longest general-text window.
     */
    public record Workload(int batch, int positions, int textPositions) {
    }

    /**
     * Memory free for tensors on the device. On a GPU: what CUDA reports free ({@code
     * -Dlocus.gpu.memory.available=BYTES} sets it); -1 when it cannot say (the check is then skipped, and libtorch's
     * own out-of-memory error is what the user sees). On the CPU: Linux's MemAvailable (free memory plus what the page
     * cache can give back), else the free physical memory the JVM sees; {@code -Dlocus.memory.available=BYTES} sets it
     * (tests, or to leave room for other programs).
     */
    public static long availableBytes(Device device) {
        if (device != null && device.isGpu()) {
            return gpuAvailableBytes(device);
        }
        return availableBytes();
    }

    /** CPU memory free for tensors: see {@link #availableBytes(Device)}. */
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

    private static long gpuAvailableBytes(Device device) {
        String forced = System.getProperty("locus.gpu.memory.available");
        if (forced != null) {
            return Long.parseLong(forced.strip());
        }
        try {
            // CUDA's free and total memory of the device (cudaMemGetInfo); committed is total - free.
            java.lang.management.MemoryUsage usage = ai.djl.util.cuda.CudaUtils.getGpuMemory(device);
            return usage.getMax() - usage.getCommitted();
        } catch (RuntimeException | LinkageError e) {
            return -1;
        }
    }

    /**
     * Throws a LocusException naming the folder and the numbers when the weights, and the activations of a training
     * step on {@code work} (null: none), will not fit on the device.
     */
    public static void checkFits(Path folder, ModelConfig c, long parameters, DataType type, Device device,
                                 Workload work) {
        long have = availableBytes(device);
        if (have < 0) {
            return;
        }
        long weights = weightBytes(parameters, type);
        long activations = work == null ? 0 : stepActivationBytes(c, work.batch(), work.positions(), work.textPositions());
        if (weights + activations > have) {
            String what = String.format(Locale.ROOT, "%s for its weights in %s (%,d parameters)", size(weights),
                    type.name().toLowerCase(Locale.ROOT), parameters);
            if (work != null) {
                what = String.format(Locale.ROOT, "%s (%s, and %s for a training step: %s)", size(weights + activations),
                        what, size(activations), batches(work.batch(), work.positions(), work.textPositions()));
            }
            String advice = device != null && device.isGpu()
                    ? "free the GPU of other work, or use the CPU (--device cpu)"
                    : "close other programs, or use a machine with more memory or a GPU";
            throw new LocusException(String.format(Locale.ROOT, "%s: needs about %s, more than the %s %s; %s%s",
                    folder, what, size(have), freeOn(device), work == null ? "" : "lower the batch, ", advice));
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
     * Bytes a training step of an edit keeps for backward: its three loss terms are summed before one backward pass,
     * so the forget and maintain batches ({@code batch} prompts of {@code positions} tokens each) and the general-text
     * batch ({@code batch} lines of {@code textPositions} tokens) are all held at once.
     */
    public static long stepActivationBytes(ModelConfig c, int batch, int positions, int textPositions) {
        return 2 * activationBytes(c, batch, positions) + activationBytes(c, batch, textPositions);
    }

    /** Bytes per trained parameter in float32: the private copy, its gradient and AdamW's two moments. */
    public static final long TRAINED_PARAMETER_BYTES = 4 * 4;

    /**
     * Throws a LocusException with the numbers when an edit will not fit on the device: per trained parameter a
     * private copy, its gradient and AdamW's two moments ({@link #TRAINED_PARAMETER_BYTES}), plus the activations of a
     * step's three batches ({@link #stepActivationBytes}).
     */
    public static void checkEdit(ModelConfig c, Device device, long trainedParameters, int batch, int positions,
                                 int textPositions) {
        long have = availableBytes(device);
        if (have < 0) {
            return;
        }
        long weights = TRAINED_PARAMETER_BYTES * trainedParameters;
        long activations = stepActivationBytes(c, batch, positions, textPositions);
        if (weights + activations > have) {
            throw new LocusException(String.format(Locale.ROOT,
                    "the edit needs about %s (%s for the trained weights, their gradients and optimizer state, %s for a"
                            + " training step: %s), more than the %s %s; lower the batch or train fewer components",
                    size(weights + activations), size(weights), size(activations),
                    batches(batch, positions, textPositions), size(have), freeOn(device)));
        }
    }

    /** "forget and maintain batches of 128 prompts of 17 tokens, and 128 general lines of 100 tokens" */
    private static String batches(int batch, int positions, int textPositions) {
        return String.format(Locale.ROOT, "forget and maintain batches of %d prompts of %d tokens, and %d general lines"
                + " of %d tokens", batch, positions, batch, textPositions);
    }

    /**
     * Whether t (or a cause) says memory ran out: Java's heap, or libtorch's allocators as DJL passes them on ("CUDA
     * out of memory", "DefaultCPUAllocator: can't allocate memory", "... not enough memory").
     */
    public static boolean isOutOfMemory(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage();
            if (c instanceof OutOfMemoryError || m != null && (m.contains("out of memory")
                    || m.contains("not enough memory") || m.contains("can't allocate memory")
                    || m.contains("Cannot allocate memory"))) {
                return true;
            }
        }
        return false;
    }

    private static String freeOn(Device device) {
        return device != null && device.isGpu() ? "the GPU (" + device + ") has free" : "this machine has free";
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
