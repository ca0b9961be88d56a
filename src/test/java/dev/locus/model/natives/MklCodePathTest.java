package dev.locus.model.natives;

import static org.junit.jupiter.api.Assertions.*;

import dev.locus.model.Engines;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MKL code-path override: loaded on AMD, and really bound by libtorch's MKL. */
class MklCodePathTest {
    @TempDir
    Path tmp;

    @Test
    void readsTheVendorOfTheFirstProcessor() throws Exception {
        Path amd = tmp.resolve("cpuinfo");
        Files.writeString(amd, "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\n\nprocessor\t: 1\n"
                + "vendor_id\t: GenuineIntel\n");
        assertEquals("AuthenticAMD", MklCodePath.cpuVendor(amd));
        Files.writeString(amd, "processor\t: 0\n");
        assertNull(MklCodePath.cpuVendor(amd));
        assertNull(MklCodePath.cpuVendor(tmp.resolve("absent")));
    }

    @Test
    void onAmdTheOverrideIsMappedBesideLibtorch() throws Exception {
        Engines.start();
        MklCodePath.State state = MklCodePath.current();
        boolean amd = "AuthenticAMD".equals(MklCodePath.cpuVendor(Path.of("/proc/cpuinfo")));
        boolean built = MklCodePath.class.getResource(MklCodePath.RESOURCE) != null;
        boolean kept = "keep".equalsIgnoreCase(System.getenv(MklCodePath.ENV));
        assertEquals(amd && built && !kept, state.active(), state.description());
        if (state.active()) {
            String maps = Files.readString(Path.of("/proc/self/maps"));
            assertTrue(maps.contains("locus-mkl-cpu-"), "the override is loaded into this process");
            assertTrue(maps.contains("libtorch_cpu"), "and libtorch beside it");
        }
    }
}
