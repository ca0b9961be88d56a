package dev.locus.model.natives;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Which code paths libtorch's MKL takes on this processor. MKL runs its AVX2/AVX-512 kernels only where it finds
 * an Intel processor; on AMD it falls back to slower generic ones (a 1024^3 float32 matmul at 88 against 105 GFLOP/s
 * on one Zen 4 core, and 61 against 94 for GPT-2's unembedding). On AMD, {@link #install} loads a small library of
 * Locus's own (src/main/c/mkl_cpu_override.c) that answers MKL's vendor test with yes; MKL still checks every
 * instruction set by CPUID. It must run before libtorch is loaded; {@code Engines.start} calls it. Switched off by
 * {@code LOCUS_MKL_VENDOR_CHECK=keep} in the environment or {@code -Dlocus.mkl.vendorCheck=keep}
 * (decision 0014).
 */
public final class MklCodePath {
    /** The override as packed into the jar by the build (linux-x86_64 only). */
    static final String RESOURCE = "/dev/locus/natives/linux-x86_64/libmkl_cpu_override.so";
    static final String ENV = "LOCUS_MKL_VENDOR_CHECK";
    static final String PROPERTY = "locus.mkl.vendorCheck";

    /** What {@link #install} found and did, in words for `locus bench`, run records and `locus info`. */
    public record State(boolean active, String description) {
    }

    private static State state;

    private MklCodePath() {
    }

    /** Loads the override where it applies (once; later calls return the first answer). */
    public static synchronized State install() {
        if (state == null) {
            state = decide();
        }
        return state;
    }

    /** The state so far: not installed yet when libtorch has not started. */
    public static synchronized State current() {
        return state == null ? new State(false, "not decided: libtorch not started") : state;
    }

    private static State decide() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return new State(false, "MKL's own choice (not Linux on x86-64)");
        }
        String vendor = cpuVendor(Path.of("/proc/cpuinfo"));
        if (!"AuthenticAMD".equals(vendor)) {
            return new State(false, "MKL's own choice (" + (vendor == null ? "processor vendor unknown" : vendor) + ")");
        }
        if ("keep".equalsIgnoreCase(System.getenv(ENV)) || "keep".equalsIgnoreCase(System.getProperty(PROPERTY))) {
            return new State(false, "MKL's generic paths on AMD (vendor check kept by " + ENV + "/" + PROPERTY + ")");
        }
        try (InputStream in = MklCodePath.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return new State(false, "MKL's generic paths on AMD (this build has no " + RESOURCE + ")");
            }
            Path file = Files.createTempFile("locus-mkl-cpu-", ".so");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            System.load(file.toString());
            return new State(true, "MKL's AVX2/AVX-512 paths on AMD (vendor check answered by Locus)");
        } catch (IOException | UnsatisfiedLinkError | SecurityException e) {
            return new State(false, "MKL's generic paths on AMD (the override did not load: " + e.getMessage() + ")");
        }
    }

    /** The {@code vendor_id} of the first processor in a cpuinfo file, or null. */
    static String cpuVendor(Path cpuinfo) {
        try (var lines = Files.lines(cpuinfo)) {
            return lines.filter(l -> l.startsWith("vendor_id")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
