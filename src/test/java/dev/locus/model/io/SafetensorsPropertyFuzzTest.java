package dev.locus.model.io;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.locus.core.LocusException;
import dev.locus.fuzz.Damage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Damaged safetensors files, generated (jqwik; the nightly size with {@code -Djqwik.tries.default}): opening one and
 * reading every tensor, whole and by rows, works or fails with one line naming the file; nothing else escapes (no
 * OutOfMemoryError from a length field, no crash of the JVM) and nothing hangs.
 */
class SafetensorsPropertyFuzzTest {
    private static Path dir;
    private static byte[] valid;
    private static int header;

    @BeforeContainer
    static void seed() throws IOException {
        dir = Files.createTempDirectory("locus-st-fuzz");
        Map<String, TensorData> t = new LinkedHashMap<>();
        t.put("wte.weight", TensorData.of(DType.BF16, new long[] {4, 3}, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12));
        t.put("ln.bias", TensorData.of(DType.F16, new long[] {5}, 0.5f, -1, 2, 65504, 0x1p-24f));
        t.put("head", TensorData.of(DType.F32, new long[] {2, 2}, 1e-3f, -7, 8, 9));
        Path f = dir.resolve("seed.safetensors");
        SafetensorsWriter.write(f, t, Map.of("format", "pt"));
        valid = Files.readAllBytes(f);
        header = 8 + (int) ByteBuffer.wrap(valid).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Provide
    Arbitrary<byte[]> damaged() {
        return Damage.bytes(valid, header);
    }

    @Property
    void aDamagedFileReadsOrSaysWhyInOneLine(@ForAll("damaged") byte[] bytes) throws IOException {
        Path f = Files.createTempDirectory(dir, "t").resolve("model.safetensors");
        Files.write(f, bytes);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try {
                SafetensorsFuzzTest.readEverything(f);
            } catch (LocusException e) {
                if (!e.getMessage().startsWith("model.safetensors: ") || e.getMessage().contains("\n")) {
                    throw new AssertionError("not one line naming the file: " + e.getMessage(), e);
                }
            }
        });
    }
}
