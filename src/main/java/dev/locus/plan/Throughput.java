package dev.locus.plan;

import ai.djl.Device;
import dev.locus.model.Engines;
import dev.locus.bench.ThroughputBenchmark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The operations per second a time estimate divides by. On the CPU: this machine's float32 matmul ceiling, measured
 * once (about a second) and kept in {@code ~/.locus/matmul-gflops.txt} ({@code -Dlocus.home} moves it); models reach
 * a fraction of it, so the estimate errs short. On a GPU (none here to measure): an assumed effective rate, stated as
 * such. Half precision on the CPU is far slower (libtorch's float16 matmul runs at about 1 GFLOP/s).
 *
 * @param gflops billions of operations per second
 * @param source how the number was had, for the reader
 */
public record Throughput(double gflops, String source) {
    /** An H100/H200-class GPU's effective rate in half precision (about a third of its dense peak), assumed. */
    public static final double GPU_HALF_GFLOPS = 300_000;
    /** The same GPU in float32 (TF32 off), assumed. */
    public static final double GPU_FLOAT_GFLOPS = 40_000;
    /** libtorch's float16 matmul on a CPU, measured on this project's machine. */
    public static final double CPU_HALF_GFLOPS = 1;

    /** The throughput for planning on {@code gpu} or the CPU, in a compute type of {@code computeBytes}. */
    public static Throughput of(boolean gpu, int computeBytes) {
        if (gpu) {
            return computeBytes <= 2 ? new Throughput(GPU_HALF_GFLOPS, "assumed for a GPU in half precision")
                    : new Throughput(GPU_FLOAT_GFLOPS, "assumed for a GPU in float32");
        }
        if (computeBytes <= 2) {
            return new Throughput(CPU_HALF_GFLOPS, "libtorch's float16 matmul on a CPU, as measured here");
        }
        double measured = cpuMatmulGflops();
        return new Throughput(measured, String.format(Locale.ROOT, "this CPU's float32 matmul ceiling (%.0f GFLOP/s)",
                measured));
    }

    /**
     * As {@link #of}, without measuring: null when the CPU's rate has not been measured yet (for callers that must not
     * run tensor work, such as the JavaFX thread).
     */
    public static Throughput cached(boolean gpu, int computeBytes) {
        return gpu || computeBytes <= 2 || cachedGflops() > 0 ? of(gpu, computeBytes) : null;
    }

    private static Path cacheFile() {
        String home = System.getProperty("locus.home");
        return (home != null ? Path.of(home) : Path.of(System.getProperty("user.home"), ".locus"))
                .resolve("matmul-gflops.txt");
    }

    private static double cachedGflops() {
        try {
            Path file = cacheFile();
            if (Files.isRegularFile(file)) {
                return Double.parseDouble(Files.readString(file).strip());
            }
        } catch (IOException | NumberFormatException e) {
            // not cached
        }
        return -1;
    }

    /** The CPU's matmul ceiling: cached, else measured and cached. */
    static double cpuMatmulGflops() {
        double cached = cachedGflops();
        if (cached > 0) {
            return cached;
        }
        Path file = cacheFile();
        Engines.start();
        double g = new ThroughputBenchmark(Device.cpu(), 3, 1).matmulGflops();
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, Double.toString(g));
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // not cached: measured again next time
        }
        return g;
    }
}
