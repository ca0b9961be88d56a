package dev.locus.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.locus.core.LocusException;

/**
 * The one place that starts the tensor engine and chooses the compute device. Locus runs fully offline:
 * DJL is told so before it starts, whoever starts Locus (the jar, the GUI, a test).
 */
public final class Engines {
    private static volatile boolean started;
    /** Whether this thread has had its grad mode switched off (see {@link #start(int)}). */
    private static final ThreadLocal<Boolean> THREAD_READY = ThreadLocal.withInitial(() -> false);

    private Engines() {
    }

    /**
     * Starts libtorch offline; {@code threads} > 0 sets its intra-op threads (only before the first start). Call it on
     * every thread that does tensor work, before that work: see below.
     */
    public static synchronized Engine start(int threads) {
        if (!started) {
            System.setProperty("ai.djl.offline", "true");
            if (threads <= 0) {
                threads = threadsFromEnvironment();
            }
            if (threads > 0) {
                System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
            }
            started = true;
            dev.locus.model.natives.MklCodePath.install();   // before libtorch loads: its MKL binds to it then
            if (!isUnpacked()) {
                System.err.println("locus: first start: unpacking libtorch into " + libtorchFolder()
                        + " (once; about 430 MB, a few seconds)");
            }
        }
        Engine engine;
        try {
            engine = Engine.getEngine("PyTorch");
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new LocusException("cannot start the libtorch engine: " + e.getMessage(), e);
        }
        if (!THREAD_READY.get()) {
            // libtorch keeps grad mode per thread, on by default, and DJL switches it off only on the thread that
            // starts the engine. Every later thread (a second model thread, a test's) would otherwise train with it
            // on, and AdamW's in-place update outside the GradientCollector fails there ("a leaf Variable that
            // requires grad is being used in an in-place operation").
            ai.djl.pytorch.jni.JniUtils.setGradMode(false);
            THREAD_READY.set(true);
        }
        return engine;
    }

    /**
     * LOCUS_THREADS, which a sweep's launcher sets to each worker's share of the cores (libtorch would otherwise take
     * them all in every worker); 0 when unset or not a positive number.
     */
    static int threadsFromEnvironment() {
        String v = System.getenv("LOCUS_THREADS");
        try {
            return v == null ? 0 : Math.max(0, Integer.parseInt(v.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Where DJL keeps the unpacked libtorch ({@code ~/.djl.ai/pytorch} unless DJL is told otherwise). */
    public static java.nio.file.Path libtorchFolder() {
        return ai.djl.util.Utils.getEngineCacheDir("pytorch");
    }

    /** Whether libtorch was unpacked by an earlier start (the first start of a new install unpacks it once). */
    public static boolean isUnpacked() {
        java.nio.file.Path dir = libtorchFolder();
        try (var entries = java.nio.file.Files.list(dir)) {
            return entries.findAny().isPresent();
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    /** Native arrays alive in every DJL manager: what leak checks and the workbench's soak count. */
    public static int liveArrays() {
        try (ai.djl.ndarray.NDManager probe = ai.djl.ndarray.NDManager.newBaseManager()) {
            return probe.getParentManager().getManagedArrays().size();
        }
    }

    /** Starts the engine with its default threads (one per core). */
    public static Engine start() {
        return start(0);
    }

    /**
     * The device for {@code choice}: {@code auto} (a GPU when the engine reports one, else the CPU),
     * {@code cpu}, or {@code gpu}/{@code cuda} (an error when there is none).
     */
    public static Device device(String choice) {
        Engine engine = start();
        String c = choice == null ? "auto" : choice.trim().toLowerCase(java.util.Locale.ROOT);
        switch (c) {
            case "auto":
                return engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
            case "cpu":
                return Device.cpu();
            case "gpu":
            case "cuda":
                if (engine.getGpuCount() == 0) {
                    throw new LocusException("--device " + choice + ": no GPU is visible to libtorch "
                            + "(this build carries the CPU libtorch; see the README for the CUDA build)");
                }
                return Device.gpu();
            default:
                throw new LocusException("--device " + choice + ": expected auto, cpu or gpu");
        }
    }
}
