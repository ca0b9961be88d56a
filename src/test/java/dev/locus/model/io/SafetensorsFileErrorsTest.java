package dev.locus.model.io;

import static dev.locus.model.io.TestFiles.assertLocus;
import static dev.locus.model.io.TestFiles.raw;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a safetensors file can be broken gives a one-line LocusException naming the file and the problem. */
class SafetensorsFileErrorsTest {
    @TempDir
    Path dir;

    private Path model() {
        return dir.resolve("model.safetensors");
    }

    /** A file with one F32 tensor "w" of the given shape and offsets, over a data section of dataBytes. */
    private Path entry(String entryJson, int dataBytes) {
        return raw(model(), "{\"w\":" + entryJson + "}", new byte[dataBytes]);
    }

    private void assertOpenFails(Path file, String... fragments) {
        assertLocus(() -> SafetensorsFile.open(file).close(), fragments);
    }

    @Test
    void missingFileOrFolder() {
        assertOpenFails(dir.resolve("nope.safetensors"), "nope.safetensors", "cannot open", "no such file");
        assertOpenFails(dir, dir.toString(), "is a folder");
    }

    @Test
    void tooShortForTheLength() {
        assertOpenFails(TestFiles.write(model(), new byte[0]), "model.safetensors", "too short", "0 bytes");
        assertOpenFails(TestFiles.write(model(), new byte[] {8, 0, 0, 0, 0}), "model.safetensors", "too short", "5 bytes");
    }

    @Test
    void headerLengthPastTheEnd() {
        assertOpenFails(raw(model(), 1000, "{}".getBytes(StandardCharsets.UTF_8), new byte[10]),
                "model.safetensors: header length 1000 runs past the end of the file (20 bytes)");
        assertOpenFails(raw(model(), 1, new byte[0], new byte[0]), "header length 1 runs past the end");
    }

    @Test
    void headerLengthAbsurd() {
        assertOpenFails(raw(model(), 1L << 62, new byte[] {'{', '}'}, new byte[0]),
                "model.safetensors: header length 4611686018427387904 bytes is absurd");
        assertOpenFails(raw(model(), -1L, new byte[] {'{', '}'}, new byte[0]), "header length 18446744073709551615 bytes is absurd");
        assertOpenFails(raw(model(), SafetensorsFile.MAX_HEADER_BYTES + 1, new byte[0], new byte[0]), "is absurd");
    }

    @Test
    void headerNotJson() {
        assertOpenFails(raw(model(), "{not json", new byte[0]), "model.safetensors: header is not valid JSON");
        assertOpenFails(raw(model(), "", new byte[0]), "model.safetensors: header is not a JSON object");
        assertOpenFails(raw(model(), "[1, 2]", new byte[0]), "model.safetensors: header is not a JSON object");
        assertOpenFails(raw(model(), "\"text\"", new byte[0]), "not a JSON object");
        assertOpenFails(raw(model(), "{} {}", new byte[0]), "not valid JSON");
        assertOpenFails(raw(model(), 4, new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'}, new byte[0]),
                "model.safetensors: header is not valid UTF-8");
        String twice = "{\"w\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}";
        assertOpenFails(raw(model(), twice, new byte[4]), "not valid JSON", "Duplicate field 'w'");
    }

    @Test
    void entriesWithMissingOrWrongFields() {
        assertOpenFails(entry("5", 0), "model.safetensors: tensor 'w': header entry must be an object");
        assertOpenFails(entry("{\"shape\":[1],\"data_offsets\":[0,4]}", 4), "tensor 'w': header entry has no dtype");
        assertOpenFails(entry("{\"dtype\":4,\"shape\":[1],\"data_offsets\":[0,4]}", 4), "tensor 'w': header entry has no dtype");
        assertOpenFails(entry("{\"dtype\":\"F32\",\"data_offsets\":[0,4]}", 4), "tensor 'w': shape must be a list", "got nothing");
        assertOpenFails(entry("{\"dtype\":\"F32\",\"shape\":\"1\",\"data_offsets\":[0,4]}", 4), "shape must be a list");
        assertOpenFails(entry("{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,4]}", 4), "shape must be a list");
        assertOpenFails(entry("{\"dtype\":\"F32\",\"shape\":[1e30],\"data_offsets\":[0,4]}", 4), "shape must be a list");
        assertOpenFails(entry("{\"dtype\":\"F32\",\"shape\":[99999999999999999999],\"data_offsets\":[0,4]}", 4),
                "shape must be a list");
        assertOpenFails(entry("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":null}", 4), "tensor 'w': data_offsets must be");
    }

    @Test
    void negativeDimensions() {
        assertOpenFails(entry("{\"dtype\":\"F32\",\"shape\":[-1,2],\"data_offsets\":[0,4]}", 4),
                "model.safetensors: tensor 'w': shape must be a list of non-negative integers, got [-1,2]");
    }

    @Test
    void badOffsets() {
        assertOpenFails(entry("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}", 4),
                "model.safetensors: tensor 'w': data_offsets must be two non-negative integers", "got [4,0]");
        assertOpenFails(entry("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}", 8), "data_offsets must be");
        assertOpenFails(entry("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[-4,0]}", 4), "data_offsets must be");
        assertOpenFails(entry("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}", 4), "data_offsets must be");
        assertOpenFails(entry("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[\"0\",\"4\"]}", 4), "data_offsets must be");
    }

    @Test
    void offsetsPastTheDataSection() {
        assertOpenFails(entry("{\"dtype\":\"F32\",\"shape\":[100],\"data_offsets\":[0,400]}", 16),
                "model.safetensors: tensor 'w' has data offsets [0, 400) past the end of the data section (16 bytes)");
        assertOpenFails(entry("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[9223372036854775800,9223372036854775804]}", 16),
                "past the end of the data section");
    }

    @Test
    void shapeDisagreesWithTheByteCount() {
        raw(model(), "{\"wte.weight\":{\"dtype\":\"F32\",\"shape\":[10,12],\"data_offsets\":[0,400]}}", new byte[400]);
        assertOpenFails(model(),
                "model.safetensors: tensor 'wte.weight' has data offsets [0, 400) but its shape [10, 12] in F32 needs 480 bytes");
        assertOpenFails(entry("{\"dtype\":\"BF16\",\"shape\":[],\"data_offsets\":[0,4]}", 4),
                "has data offsets [0, 4) but its shape [] in BF16 needs 2 bytes");
        assertOpenFails(entry("{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296,4294967296],\"data_offsets\":[0,4]}", 4),
                "model.safetensors: tensor 'w': shape [4294967296, 4294967296, 4294967296] is too large");
    }

    @Test
    void unknownDtype() {
        assertOpenFails(entry("{\"dtype\":\"F9\",\"shape\":[1],\"data_offsets\":[0,4]}", 4),
                "model.safetensors: tensor 'w' has unknown dtype 'F9'");
        assertOpenFails(entry("{\"dtype\":\"f32\",\"shape\":[1],\"data_offsets\":[0,4]}", 4), "unknown dtype 'f32'");
    }

    @Test
    void namesFromTheFileCannotBreakTheMessageLine() {
        assertOpenFails(raw(model(), "{\"a\\nb\":{\"dtype\":\"F9\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]),
                "tensor 'a\\u000ab' has unknown dtype 'F9'");
        assertOpenFails(raw(model(), "{\"" + "x".repeat(5000) + "\":5}", new byte[0]), "'" + "x".repeat(200) + "...'");
    }

    @Test
    void badMetadata() {
        assertOpenFails(raw(model(), "{\"__metadata__\":[1]}", new byte[0]), "model.safetensors: __metadata__ must be an object");
        assertOpenFails(raw(model(), "{\"__metadata__\":{\"n\":1}}", new byte[0]), "__metadata__ entry 'n' must be a string");
    }

    @Test
    void dataCutOffBeforeOpen() throws IOException {
        SafetensorsWriter.write(model(), Map.of("w", TensorData.of(DType.F32, new long[] {4}, 1, 2, 3, 4)));
        byte[] all = Files.readAllBytes(model());
        TestFiles.write(model(), java.util.Arrays.copyOf(all, all.length - 3));
        assertOpenFails(model(), "model.safetensors: tensor 'w' has data offsets [0, 16) past the end of the data section (13 bytes)");
    }

    @Test
    void fileTruncatedAfterOpen() throws IOException {
        SafetensorsWriter.write(model(), Map.of("w", TensorData.of(DType.F16, new long[] {4, 2}, new float[8])));
        try (SafetensorsFile st = SafetensorsFile.open(model())) {
            try (FileChannel ch = FileChannel.open(model(), StandardOpenOption.WRITE)) {
                ch.truncate(ch.size() - 5);
            }
            assertLocus(() -> st.readFloat32("w"), "model.safetensors: file ends at byte", "tensor 'w'",
                    "truncated or was changed after it was opened");
            assertLocus(() -> st.readFloat32Rows("w", 3, 1), "file ends at byte");
            TestFiles.floats(st.readFloat32Rows("w", 0, 1)); // the part still there reads fine
        }
    }

    @Test
    void readingAfterCloseIsAClearError() {
        SafetensorsWriter.write(model(), Map.of("w", TensorData.of(DType.F32, new long[] {1}, 1)));
        SafetensorsFile st = SafetensorsFile.open(model());
        st.close();
        st.close();
        assertLocus(() -> st.readFloat32("w"), "model.safetensors", "already closed");
    }
}
