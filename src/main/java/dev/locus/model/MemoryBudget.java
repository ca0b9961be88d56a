package dev.locus.model;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.locus.core.LocusException;
import dev.locus.model.budget.Estimate;
import dev.locus.model.budget.Estimator;
import dev.locus.model.config.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a model and its edits need, checked before loading starts and before each edit: a model too large for the
 * machine's memory or the GPU's is refused with the numbers, instead of the process dying half-way through. Weights
 * are held in the compute type (float32 unless asked otherwise), whatever the checkpoint's dtype. The numbers come
 * from the one estimator ({@link Estimator}) that {@code locus plan} prints.
 */
public final class MemoryBudget {
    private MemoryBudget() {
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
     * Throws a LocusException naming the folder and the numbers when the weights, and a training step on {@code work}
     * (null: none) beside them, will not fit on the device.
     */
    public static void checkFits(Path folder, ModelConfig c, long parameters, DataType type, Device device,
                                 Workload work) {
        Estimator est = new Estimator(c, parameters, type.getNumOfBytes());
        Estimate load = est.load();
        if (work != null) {
            // the largest edit the run may ask of this model: a step of its batch on a small set of components
            Estimate step = est.edit("", 0, new Estimator.Batch(work.batch(), 0, work.positions(),
                    work.textPositions()), 1);
            load = new Estimate("load", "", step.weightBytes(), 0, step.activationBytes(), step.logitBytes(), 0, 0,
                    "and a training step: " + step.note());
        }
        refuseIfShort(load, device, false, folder + ": loading " + String.format(Locale.ROOT, "%,d", parameters)
                + " parameters in " + type.name().toLowerCase(Locale.ROOT) + (work == null ? "" : " for a run"),
                work == null ? "" : "micro_batch or batch");
    }

    /**
     * Throws a LocusException with the numbers when an edit of {@code trainedParameters} on a loaded model will not
     * fit beside it: the trained weights' state and a step's three loss terms on one micro-batch.
     */
    public static void checkEdit(ModelConfig c, Device device, long trainedParameters, int batch, int positions,
                                 int textPositions) {
        checkEdit(c, device, 4, trainedParameters, new Estimator.Batch(batch, 0, positions, textPositions));
    }

    /** As above, in a compute type of {@code computeBytes} and with a micro-batch. */
    public static void checkEdit(ModelConfig c, Device device, int computeBytes, long trainedParameters,
                                 Estimator.Batch batch) {
        Estimate e = new Estimator(c, 0, computeBytes).edit("", trainedParameters, batch, 1);
        refuseIfShort(e, device, true, "the edit", "micro_batch or batch, or train fewer components");
    }

    /**
     * Before the relearning attack on a loaded, edited model: LoRA of {@code rank} (0: full fine-tuning of
     * {@code allMatrices}) on one micro-batch of {@code batch}.
     */
    public static void checkRelearn(ModelConfig c, Device device, int computeBytes, int rank, long allMatrices,
                                    Estimator.Batch batch) {
        Estimate e = new Estimator(c, 0, computeBytes).relearn("", 0, rank, allMatrices, batch, 1);
        refuseIfShort(e, device, true, "the relearning attack (" + e.note() + ")",
                rank > 0 ? "micro_batch, batch or rank" : "micro_batch or batch, or use LoRA (relearn.mode lora)");
    }

    /** Before localizing by {@code method} on a loaded model. */
    public static void checkLocalize(ModelConfig c, Device device, int computeBytes, String method, int prompts,
                                     int positions, int igSteps) {
        Estimate e = new Estimator(c, 0, computeBytes).localize(method, prompts, positions, igSteps);
        refuseIfShort(e, device, true, "localizing by " + method, "the number of prompts (--prompts)");
    }

    /**
     * Throws when {@code e} will not fit in the device's free memory; with {@code loaded}, the weights are already
     * resident (free memory was measured after them) and only the rest counts. {@code lower} names the settings that
     * shrink it.
     */
    public static void refuseIfShort(Estimate e, Device device, boolean loaded, String what, String lower) {
        long have = availableBytes(device);
        if (have < 0) {
            return;
        }
        long need = loaded ? e.peakBytes() - e.weightBytes() : e.peakBytes();
        if (need <= have) {
            return;
        }
        boolean gpu = device != null && device.isGpu();
        String parts = loaded ? e.breakdown().replaceFirst("^weights [^,]*(, )?", "") : e.breakdown();
        String advice = (lower.isEmpty() ? "" : "lower " + lower + ", ")
                + (gpu ? "compute in float16 (--dtype float16), free the GPU of other work, or use the CPU (--device cpu)"
                        : "compute in float16 (--dtype float16), close other programs, or use a GPU (--device gpu)");
        throw new LocusException(String.format(Locale.ROOT, "%s needs about %s (%s%s), more than the %s %s; %s",
                what, size(need), parts, e.note().isEmpty() ? "" : "; " + e.note(), size(have), freeOn(device), advice));
    }

    /** Bytes per element of the type {@code model} computes in (for estimates outside the tensor packages). */
    public static int computeBytes(LocusModel model) {
        return model.transformer().weights().dataType().getNumOfBytes();
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
        return Estimate.size(bytes);
    }
}
