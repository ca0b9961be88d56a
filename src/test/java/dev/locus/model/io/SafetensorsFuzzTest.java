package dev.locus.model.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.locus.core.LocusException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged files, a few hundred deterministic variants: opening and reading either works or fails with a
 * LocusException; never another exception, never a hang.
 */
class SafetensorsFuzzTest {
    private static final long SEED = 20240611L;

    @TempDir
    Path dir;

    private byte[] valid() throws IOException {
        Map<String, TensorData> t = new LinkedHashMap<>();
        t.put("wte.weight", TensorData.of(DType.BF16, new long[] {4, 3}, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12));
        t.put("ln.bias", TensorData.of(DType.F16, new long[] {5}, 0.5f, -1, 2, 65504, 0x1p-24f));
        t.put("head", TensorData.of(DType.F32, new long[] {2, 2}, 1e-3f, -7, 8, 9));
        t.put("scale", TensorData.of(DType.F32, new long[0], 3));
        Path f = dir.resolve("valid.safetensors");
        SafetensorsWriter.write(f, t, Map.of("format", "pt"));
        return Files.readAllBytes(f);
    }

    @Test
    void damagedFilesFailOnlyWithLocusException() throws IOException {
        byte[] valid = valid();
        int headerEnd = 8 + (int) ByteBuffer.wrap(valid).order(ByteOrder.LITTLE_ENDIAN).getLong();
        Random random = new Random(SEED);
        int failures = 0;
        int variants = 0;
        for (int i = 0; i < 480; i++) {
            byte[] bytes = valid.clone();
            String what;
            switch (i % 6) {
                case 0 -> { // one random byte anywhere
                    int p = random.nextInt(bytes.length);
                    bytes[p] = (byte) random.nextInt(256);
                    what = "byte " + p + " set";
                }
                case 1 -> { // one bit flipped in the length field or the header
                    int p = random.nextInt(headerEnd);
                    bytes[p] ^= (byte) (1 << random.nextInt(8));
                    what = "bit flipped in byte " + p;
                }
                case 2 -> { // a digit in the header changed: plausible JSON with wrong numbers
                    int p = randomDigit(bytes, headerEnd, random);
                    bytes[p] = (byte) ('0' + random.nextInt(10));
                    what = "digit at " + p + " changed";
                }
                case 3 -> { // structural characters swapped for others
                    int p = 8 + random.nextInt(headerEnd - 8);
                    bytes[p] = (byte) "{}[],:\"-.e0 \\".charAt(random.nextInt(13));
                    what = "JSON character at " + p;
                }
                case 4 -> { // truncated anywhere
                    int length = random.nextInt(bytes.length);
                    bytes = Arrays.copyOf(bytes, length);
                    what = "cut to " + length + " bytes";
                }
                default -> { // a burst of random bytes
                    int p = random.nextInt(bytes.length);
                    int n = 1 + random.nextInt(16);
                    for (int k = p; k < Math.min(bytes.length, p + n); k++) {
                        bytes[k] = (byte) random.nextInt(256);
                    }
                    what = n + " random bytes at " + p;
                }
            }
            variants++;
            if (!openAndReadEverything(bytes, "variant " + i + " (" + what + ")")) {
                failures++;
            }
        }
        // Most variants must be caught; if nearly all "succeed", the mutations are not reaching the parser.
        assertTrue(failures > variants / 3, failures + " of " + variants + " variants failed");
    }

    @Test
    void truncatedWhileOpenFailsOnlyWithLocusException() throws IOException {
        byte[] valid = valid();
        Path f = dir.resolve("shrinking.safetensors");
        for (int cut = valid.length - 1; cut >= 0; cut -= 3) {
            Files.write(f, valid);
            try (SafetensorsFile st = SafetensorsFile.open(f)) {
                Files.write(f, Arrays.copyOf(valid, cut));
                for (String name : st.tensors().keySet()) {
                    try {
                        st.readFloat32(name);
                    } catch (LocusException e) {
                        assertTrue(e.getMessage().startsWith("shrinking.safetensors: "), e.getMessage());
                    }
                }
            } catch (RuntimeException | Error e) {
                fail("cut to " + cut + " bytes while open: " + e, e);
            }
        }
    }

    private static int randomDigit(byte[] bytes, int headerEnd, Random random) {
        for (int tries = 0; tries < 1000; tries++) {
            int p = 8 + random.nextInt(headerEnd - 8);
            if (bytes[p] >= '0' && bytes[p] <= '9') {
                return p;
            }
        }
        throw new IllegalStateException("no digits in the header");
    }

    /** True if everything read, false if a LocusException said why not; anything else fails the test. */
    /** Opens a file and reads every tensor whole and its last row, and the metadata: all a load touches. */
    static void readEverything(Path f) {
        try (SafetensorsFile st = SafetensorsFile.open(f)) {
            for (TensorInfo info : st.tensors().values()) {
                st.readFloat32(info.name());
                if (info.rank() > 0 && info.shape()[0] > 0) {
                    st.readFloat32Rows(info.name(), info.shape()[0] - 1, 1);
                }
            }
            st.metadata();
        }
    }

    private boolean openAndReadEverything(byte[] bytes, String what) throws IOException {
        Path f = dir.resolve("model.safetensors");
        Files.write(f, bytes);
        try {
            readEverything(f);
            return true;
        } catch (LocusException e) {
            assertTrue(e.getMessage().startsWith("model.safetensors: "), () -> what + ": message does not name the file: "
                    + e.getMessage());
            assertTrue(e.getMessage().lines().count() == 1, () -> what + ": message is not one line: " + e.getMessage());
            return false;
        } catch (RuntimeException | Error e) {
            fail(what + ": " + e, e);
            return false;
        }
    }
}
