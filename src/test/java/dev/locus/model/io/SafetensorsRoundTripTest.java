package dev.locus.model.io;

import static dev.locus.model.io.TestFiles.assertLocus;
import static dev.locus.model.io.TestFiles.floats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsRoundTripTest {
    @TempDir
    Path dir;

    private static final float[] EXACT_IN_ALL = {0f, 1f, -2f, 0.5f, -0.375f, 3f, 96f, -1024f, 0.0078125f, 448f, 1.5f, -7f};

    private Path file(Map<String, TensorData> tensors) {
        Path f = dir.resolve("model.safetensors");
        SafetensorsWriter.write(f, tensors);
        return f;
    }

    private float[] roundTrip(DType dtype, long[] shape, float... values) {
        Path f = file(Map.of("t", TensorData.of(dtype, shape, values)));
        try (SafetensorsFile st = SafetensorsFile.open(f)) {
            TensorInfo info = st.info("t");
            assertEquals(dtype, info.dtype());
            assertArrayEquals(shape, info.shape());
            assertEquals(values.length * (long) dtype.size(), info.byteLength());
            ByteBuffer b = st.readFloat32("t");
            assertTrue(b.isDirect());
            assertEquals(ByteOrder.nativeOrder(), b.order());
            assertEquals(0, b.position());
            assertEquals(values.length * 4, b.limit());
            return floats(b);
        }
    }

    @Test
    void f32KeepsEveryFiniteValueExactly() {
        float[] v = {0f, -0f, 1.1f, -3.75e-20f, Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, Float.MIN_NORMAL};
        float[] back = roundTrip(DType.F32, new long[] {2, 4}, v);
        for (int i = 0; i < v.length; i++) {
            assertEquals(Float.floatToRawIntBits(v[i]), Float.floatToRawIntBits(back[i]), "element " + i);
        }
    }

    @Test
    void f16AndBf16KeepRepresentableValuesExactly() {
        assertArrayEquals(EXACT_IN_ALL, roundTrip(DType.F16, new long[] {3, 4}, EXACT_IN_ALL));
        assertArrayEquals(EXACT_IN_ALL, roundTrip(DType.BF16, new long[] {3, 4}, EXACT_IN_ALL));
        float[] halfOnly = {65504f, 0x1p-24f, 1023 * 0x1p-24f, 0x1p-14f, 2049f - 1};
        assertArrayEquals(halfOnly, roundTrip(DType.F16, new long[] {5}, halfOnly));
        float[] bf16Only = {0x1p126f, 0x1p-126f, 0x1p-133f, Float.intBitsToFloat(0x7f7f0000), 1.9921875f};
        assertArrayEquals(bf16Only, roundTrip(DType.BF16, new long[] {5}, bf16Only));
    }

    @Test
    void f16AndBf16RoundToNearestEvenOnWrite() {
        assertArrayEquals(new float[] {0.0999755859375f, 1f, 1.001953125f, 2048f, 2052f},
                roundTrip(DType.F16, new long[] {5}, 0.1f, 1 + 0x1p-11f, 1 + 3 * 0x1p-11f, 2049f, 2051f));
        assertArrayEquals(new float[] {0.10009765625f, 1f, 1.015625f, 256f, 260f},
                roundTrip(DType.BF16, new long[] {5}, 0.1f, 1 + 0x1p-8f, 1 + 3 * 0x1p-8f, 257f, 259f));
    }

    @Test
    void scalarsHaveOneElementAndEmptyTensorsNone() {
        Path f = file(new LinkedHashMap<>(Map.of("s", TensorData.of(DType.BF16, new long[0], 2.5f))));
        try (SafetensorsFile st = SafetensorsFile.open(f)) {
            assertEquals(1, st.info("s").elementCount());
            assertEquals(0, st.info("s").rank());
            assertArrayEquals(new float[] {2.5f}, floats(st.readFloat32("s")));
            assertLocus(() -> st.readFloat32Rows("s", 0, 1), "model.safetensors", "'s' is a scalar");
        }
        Path g = file(Map.of("e", TensorData.of(DType.F16, new long[] {0, 4})));
        try (SafetensorsFile st = SafetensorsFile.open(g)) {
            assertEquals(0, st.readFloat32("e").limit());
            assertEquals(0, st.readFloat32Rows("e", 0, 0).limit());
        }
    }

    @Test
    void rowSlicesMatchTheWholeTensor() {
        float[] v = new float[7 * 5];
        for (int i = 0; i < v.length; i++) {
            v[i] = i - 10.5f;
        }
        for (DType dtype : List.of(DType.F32, DType.F16, DType.BF16)) {
            Path f = file(Map.of("pre", TensorData.of(DType.F32, new long[] {3}, 1, 2, 3),
                    "w", TensorData.of(dtype, new long[] {7, 5}, v)));
            try (SafetensorsFile st = SafetensorsFile.open(f)) {
                float[] whole = floats(st.readFloat32("w"));
                assertArrayEquals(v, whole, dtype.name());
                assertArrayEquals(Arrays.copyOfRange(v, 10, 25), floats(st.readFloat32Rows("w", 2, 3)), dtype.name());
                assertArrayEquals(Arrays.copyOfRange(v, 30, 35), floats(st.readFloat32Rows("w", 6, 1)), dtype.name());
                assertArrayEquals(whole, floats(st.readFloat32Rows("w", 0, 7)), dtype.name());
                assertEquals(0, st.readFloat32Rows("w", 7, 0).limit());
                assertLocus(() -> st.readFloat32Rows("w", 5, 3), "model.safetensors", "3 rows from row 5", "'w' with 7 rows");
                assertLocus(() -> st.readFloat32Rows("w", -1, 1), "out of range");
                assertLocus(() -> st.readFloat32Rows("w", 0, -1), "out of range");
                assertLocus(() -> st.readFloat32Rows("w", Long.MAX_VALUE, Long.MAX_VALUE), "out of range");
            }
        }
    }

    @Test
    void metadataOrderAndOffsetsAreKept() {
        Map<String, TensorData> t = new LinkedHashMap<>();
        t.put("z.last", TensorData.of(DType.F16, new long[] {3}, 1, 2, 3));
        t.put("a.first", TensorData.of(DType.F32, new long[] {2}, 4, 5));
        t.put("m.mid", TensorData.of(DType.BF16, new long[] {1, 1}, 6));
        Path f = dir.resolve("sub/dir/m.safetensors");
        SafetensorsWriter.write(f, t, Map.of("format", "pt", "note", "ünïcode ✓"));
        try (SafetensorsFile st = SafetensorsFile.open(f)) {
            assertEquals(List.of("z.last", "a.first", "m.mid"), List.copyOf(st.tensors().keySet()));
            assertEquals(Map.of("format", "pt", "note", "ünïcode ✓"), st.metadata());
            assertEquals(new TensorInfo("z.last", DType.F16, new long[] {3}, 0, 6), st.info("z.last"));
            assertEquals(new TensorInfo("a.first", DType.F32, new long[] {2}, 6, 14), st.info("a.first"));
            assertEquals(new TensorInfo("m.mid", DType.BF16, new long[] {1, 1}, 14, 16), st.info("m.mid"));
            assertEquals(f, st.path());
            assertTrue(st.contains("m.mid"));
            assertLocus(() -> st.info("nope"), "m.safetensors", "no tensor 'nope'");
            assertLocus(() -> st.readFloat32("nope"), "m.safetensors", "'nope'");
        }
    }

    @Test
    void headerIsPaddedWithSpacesToEightBytes() throws IOException {
        for (int nameLength = 1; nameLength <= 16; nameLength++) {
            String name = "n".repeat(nameLength);
            Path f = file(Map.of(name, TensorData.of(DType.F32, new long[] {1}, 7f)));
            byte[] bytes = Files.readAllBytes(f);
            long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertEquals(0, n % 8, "header length for a name of " + nameLength);
            assertEquals(8 + n + 4, bytes.length);
            String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
            assertTrue(header.startsWith("{") && header.stripTrailing().endsWith("}"), header);
            assertTrue(header.substring(header.lastIndexOf('}') + 1).isBlank(), "padding is spaces: " + header);
            assertEquals(7f, ByteBuffer.wrap(bytes, 8 + (int) n, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat());
        }
    }

    @Test
    void nonFiniteValuesAreRefusedWithTheirElement() {
        Map<String, TensorData> t = new LinkedHashMap<>();
        t.put("nan32", TensorData.of(DType.F32, new long[] {2, 2}, 1, 2, 3, Float.NaN));
        t.put("inf16", TensorData.of(DType.F16, new long[] {3}, 1, 70000f, 2)); // 70000 overflows half
        t.put("ninf16", TensorData.of(DType.BF16, new long[] {2}, Float.NEGATIVE_INFINITY, 0));
        t.put("nanRows", TensorData.of(DType.BF16, new long[] {3, 2}, 0, 1, 2, Float.NaN, 4, 5));
        try (SafetensorsFile st = SafetensorsFile.open(file(t))) {
            assertLocus(() -> st.readFloat32("nan32"), "model.safetensors: tensor 'nan32' has a non-finite value (NaN) at element 3");
            assertLocus(() -> st.readFloat32("inf16"), "tensor 'inf16' has a non-finite value (Infinity) at element 1");
            assertLocus(() -> st.readFloat32("ninf16"), "non-finite value (-Infinity) at element 0");
            assertLocus(() -> st.readFloat32Rows("nanRows", 1, 2), "(NaN) at element 3");
            assertArrayEquals(new float[] {0, 1}, floats(st.readFloat32Rows("nanRows", 0, 1)));
            assertArrayEquals(new float[] {4, 5}, floats(st.readFloat32Rows("nanRows", 2, 1)));
        }
    }

    @Test
    void otherDtypesOpenButAreNotReadAsFloats() {
        byte[] ids = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1).putLong(2).array();
        Path f = TestFiles.raw(dir.resolve("ids.safetensors"),
                "{\"ids\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]}}", ids);
        try (SafetensorsFile st = SafetensorsFile.open(f)) {
            assertEquals(DType.I64, st.info("ids").dtype());
            assertLocus(() -> st.readFloat32("ids"),
                    "ids.safetensors: unsupported dtype I64 for tensor 'ids'; Locus reads F32, F16 and BF16");
            assertLocus(() -> st.readFloat32Rows("ids", 0, 1), "unsupported dtype I64");
        }
    }

    @Test
    void u8AndBoolAreWrittenAsOneByteAndReadBackRaw() {
        Path f = file(new LinkedHashMap<>(Map.of(
                "mask", TensorData.of(DType.U8, new long[] {2, 3}, 0, 1, 1, 0, 255, 7),
                "flags", TensorData.of(DType.BOOL, new long[] {3}, 1, 0, 1))));
        try (SafetensorsFile st = SafetensorsFile.open(f)) {
            assertEquals(DType.U8, st.info("mask").dtype());
            assertEquals(6, st.info("mask").byteLength());
            assertArrayEquals(new byte[] {0, 1, 1, 0, (byte) 255, 7}, st.readBytes("mask"));
            assertEquals(DType.BOOL, st.info("flags").dtype());
            assertArrayEquals(new byte[] {1, 0, 1}, st.readBytes("flags"));
            assertLocus(() -> st.readFloat32("mask"), "unsupported dtype U8");
            assertLocus(() -> st.readBytes("nothing"), "no tensor 'nothing'");
        }
    }

    @Test
    void readBytesGivesFloatTensorsAsStored() {
        Path f = file(Map.of("w", TensorData.of(DType.F32, new long[] {2}, 1f, -2f)));
        try (SafetensorsFile st = SafetensorsFile.open(f)) {
            assertArrayEquals(TestFiles.littleEndianFloats(1f, -2f), st.readBytes("w"));
        }
    }

    @Test
    void u8AndBoolRefuseValuesTheyCannotHoldExactly() {
        for (float bad : new float[] {0.5f, -1f, 256f, Float.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TensorData.of(DType.U8, new long[] {2}, 1, bad));
            assertTrue(e.getMessage().contains("at element 1 cannot be stored as U8"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class,
                () -> TensorData.of(DType.BOOL, new long[] {1}, 2));
        assertThrows(IllegalArgumentException.class,
                () -> TensorData.of(DType.I32, new long[] {1}, 2));
    }

    @Test
    void deferredTensorsAreMadeOneAtATimeWhileWriting() throws IOException {
        List<String> made = new ArrayList<>();
        Map<String, SafetensorsWriter.Deferred> t = new LinkedHashMap<>();
        t.put("a", new SafetensorsWriter.Deferred(DType.U8, new long[] {2}, () -> {
            made.add("a");
            return TensorData.of(DType.U8, new long[] {2}, 1, 0);
        }));
        t.put("b", new SafetensorsWriter.Deferred(DType.F32, new long[] {1}, () -> {
            made.add("b");
            return TensorData.of(DType.F32, new long[] {1}, 2.5f);
        }));
        Path f = dir.resolve("deferred.safetensors");
        SafetensorsWriter.writeDeferred(f, t, Map.of("k", "v"));
        assertEquals(List.of("a", "b"), made);
        try (SafetensorsFile st = SafetensorsFile.open(f)) {
            assertArrayEquals(new byte[] {1, 0}, st.readBytes("a"));
            assertArrayEquals(new float[] {2.5f}, floats(st.readFloat32("b")));
            assertEquals(Map.of("k", "v"), st.metadata());
        }
        // A maker that breaks its promise must not leave a file whose header lies.
        Path g = dir.resolve("liar.safetensors");
        Map<String, SafetensorsWriter.Deferred> liar = Map.of("x", new SafetensorsWriter.Deferred(DType.U8,
                new long[] {3}, () -> TensorData.of(DType.U8, new long[] {2}, 1, 1)));
        assertThrows(IllegalStateException.class,
                () -> SafetensorsWriter.writeDeferred(g, liar, Map.of()));
        assertTrue(Files.notExists(g));
        try (Stream<Path> left = Files.list(dir)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void writerTakesBuffersFromTheReader() {
        float[] v = {1.5f, -2.25f, 3.125f, 8f};
        Path a = file(Map.of("w", TensorData.of(DType.F16, new long[] {2, 2}, v)));
        Path b = dir.resolve("copy.safetensors");
        try (SafetensorsFile st = SafetensorsFile.open(a)) {
            ByteBuffer read = st.readFloat32("w");
            SafetensorsWriter.write(b, Map.of("w", TensorData.ofFloat32(DType.BF16, new long[] {2, 2}, read)));
            assertEquals(0, read.position(), "the caller's buffer is not consumed");
        }
        try (SafetensorsFile st = SafetensorsFile.open(b)) {
            assertEquals(DType.BF16, st.info("w").dtype());
            assertArrayEquals(v, floats(st.readFloat32("w")));
        }
    }

    @Test
    void rewritingReplacesTheFileAndLeavesNoTemporaryFiles() throws IOException {
        file(Map.of("old", TensorData.of(DType.F32, new long[] {1}, 1)));
        Path f = file(Map.of("new", TensorData.of(DType.F32, new long[] {1}, 2)));
        try (SafetensorsFile st = SafetensorsFile.open(f)) {
            assertEquals(List.of("new"), List.copyOf(st.tensors().keySet()));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList());
        }
    }

    /** A sparse 1.2 GB F16 file: 2.4 GB as float32, more than one ByteBuffer holds. */
    @Test
    void hugeTensorsMustBeReadInRows() throws IOException {
        long rows = 40_000;
        long cols = 15_000;
        long bytes = rows * cols * 2;
        Path f = TestFiles.raw(dir.resolve("big.safetensors"),
                "{\"emb\":{\"dtype\":\"F16\",\"shape\":[" + rows + "," + cols + "],\"data_offsets\":[0," + bytes + "]}}",
                new byte[0]);
        long headerEnd = Files.size(f);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(headerEnd + bytes); // holes read as zeros and take no disk space
            raf.seek(headerEnd + bytes - 2);
            raf.write(new byte[] {0x00, 0x3c}); // the very last element is 1.0
        }
        try (SafetensorsFile st = SafetensorsFile.open(f)) {
            assertLocus(() -> st.readFloat32("emb"), "big.safetensors", "'emb'", "2400000000 bytes as float32",
                    "readFloat32Rows");
            float[] last = floats(st.readFloat32Rows("emb", rows - 1, 1));
            assertEquals(cols, last.length);
            assertEquals(1f, last[last.length - 1]);
            assertEquals(0f, last[0]);
            assertLocus(() -> st.readFloat32Rows("emb", 0, rows), "too large for one buffer", "read fewer rows");
        }
    }
}
