package dev.locus.model.io;

import static dev.locus.model.io.TestFiles.assertLocus;
import static dev.locus.model.io.TestFiles.floats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsCheckpointTest {
    @TempDir
    Path root;

    private static final String INDEX = "model.safetensors.index.json";

    private Path folder() throws IOException {
        return Files.createDirectories(root.resolve("gpt"));
    }

    private static Map<String, TensorData> tensors(Object... nameAndData) {
        Map<String, TensorData> m = new LinkedHashMap<>();
        for (int i = 0; i < nameAndData.length; i += 2) {
            m.put((String) nameAndData[i], (TensorData) nameAndData[i + 1]);
        }
        return m;
    }

    private static TensorData filled(DType dtype, long rows, long cols, float start) {
        float[] v = new float[(int) (rows * cols)];
        for (int i = 0; i < v.length; i++) {
            v[i] = start + i;
        }
        return TensorData.of(dtype, new long[] {rows, cols}, v);
    }

    /** Two shards: shard 1 has 100 BF16 + 4 F32 parameters, shard 2 has 10 F32 parameters. */
    private Path sharded() throws IOException {
        Path f = folder();
        SafetensorsWriter.write(f.resolve("model-00001-of-00002.safetensors"),
                tensors("wte.weight", filled(DType.BF16, 10, 10, 0), "ln.bias", filled(DType.F32, 1, 4, -2)));
        SafetensorsWriter.write(f.resolve("model-00002-of-00002.safetensors"),
                tensors("lm_head.weight", filled(DType.F32, 5, 2, 100)));
        index(f, "{\"metadata\":{\"total_size\":236},\"weight_map\":{\"wte.weight\":\"model-00001-of-00002.safetensors\","
                + "\"lm_head.weight\":\"model-00002-of-00002.safetensors\",\"ln.bias\":\"model-00001-of-00002.safetensors\"}}");
        return f;
    }

    private static void index(Path folder, String json) {
        AtomicFiles.writeString(folder.resolve(INDEX), json);
    }

    @Test
    void singleFileFolder() throws IOException {
        Path f = folder();
        Files.writeString(f.resolve("config.json"), "{}");
        SafetensorsWriter.write(f.resolve("model.safetensors"),
                tensors("b", filled(DType.F16, 2, 3, 1), "a", TensorData.of(DType.F32, new long[0], 9)));
        try (SafetensorsCheckpoint ck = SafetensorsCheckpoint.open(f)) {
            assertEquals(List.of("b", "a"), List.copyOf(ck.names()));
            assertTrue(ck.contains("a"));
            assertFalse(ck.contains("c"));
            assertEquals(f, ck.folder());
            assertEquals(List.of(f.resolve("model.safetensors")), ck.files());
            assertEquals(7, ck.parameterCount());
            assertEquals(DType.F16, ck.dominantDtype());
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, floats(ck.readFloat32("b")));
            assertArrayEquals(new float[] {4, 5, 6}, floats(ck.readFloat32Rows("b", 1, 1)));
            assertArrayEquals(new float[] {9}, floats(ck.readFloat32("a")));
            assertLocus(() -> ck.info("c"), f.toString(), "no tensor 'c'");
            assertLocus(() -> ck.readFloat32("c"), "no tensor 'c'");
        }
    }

    @Test
    void shardedFolderFollowsTheIndex() throws IOException {
        Path f = sharded();
        try (SafetensorsCheckpoint ck = SafetensorsCheckpoint.open(f)) {
            assertEquals(List.of("wte.weight", "lm_head.weight", "ln.bias"), List.copyOf(ck.names()));
            assertEquals(List.of(f.resolve("model-00001-of-00002.safetensors"), f.resolve("model-00002-of-00002.safetensors")),
                    ck.files());
            assertEquals(114, ck.parameterCount());
            assertEquals(DType.BF16, ck.dominantDtype());
            assertEquals(new TensorInfo("lm_head.weight", DType.F32, new long[] {5, 2}, 0, 40), ck.info("lm_head.weight"));
            assertArrayEquals(new float[] {108, 109}, floats(ck.readFloat32Rows("lm_head.weight", 4, 1)));
            assertArrayEquals(new float[] {-2, -1, 0, 1}, floats(ck.readFloat32("ln.bias")));
            assertEquals(99f, floats(ck.readFloat32("wte.weight"))[99]);
        }
    }

    @Test
    void singleFileWinsOverAnIndex() throws IOException {
        Path f = sharded();
        SafetensorsWriter.write(f.resolve("model.safetensors"), tensors("only", filled(DType.F32, 1, 1, 0)));
        try (SafetensorsCheckpoint ck = SafetensorsCheckpoint.open(f)) {
            assertEquals(List.of("only"), List.copyOf(ck.names()));
        }
    }

    @Test
    void shardsMayLiveInSubfoldersAndBeLinks() throws IOException {
        Path f = folder();
        // The Hugging Face cache layout: snapshot files are links into a blob folder outside the snapshot.
        Path blob = root.resolve("blobs/0123abcd");
        SafetensorsWriter.write(blob, tensors("x", filled(DType.F32, 1, 2, 5)));
        Files.createDirectories(f.resolve("sub"));
        Files.createSymbolicLink(f.resolve("sub/part.safetensors"), blob);
        index(f, "{\"weight_map\":{\"x\":\"sub/part.safetensors\"}}");
        try (SafetensorsCheckpoint ck = SafetensorsCheckpoint.open(f)) {
            assertArrayEquals(new float[] {5, 6}, floats(ck.readFloat32("x")));
        }
    }

    @Test
    void openingNeverChangesTheFolder() throws IOException {
        Path f = sharded();
        Map<Path, FileTime> before = snapshot(f);
        try (SafetensorsCheckpoint ck = SafetensorsCheckpoint.open(f)) {
            ck.names().forEach(ck::readFloat32);
        }
        assertEquals(before, snapshot(f));
    }

    private static Map<Path, FileTime> snapshot(Path folder) throws IOException {
        Map<Path, FileTime> m = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(folder)) {
            for (Path p : s.sorted().toList()) {
                m.put(p, Files.getLastModifiedTime(p));
            }
        }
        return m;
    }

    @Test
    void closeClosesEveryShard() throws IOException {
        SafetensorsCheckpoint ck = SafetensorsCheckpoint.open(sharded());
        ck.close();
        ck.close();
        assertLocus(() -> ck.readFloat32("lm_head.weight"), "model-00002-of-00002.safetensors", "already closed");
        assertLocus(() -> ck.readFloat32("wte.weight"), "model-00001-of-00002.safetensors", "already closed");
    }

    @Test
    void folderMissingOrAFile() throws IOException {
        Path missing = root.resolve("nothing-here");
        assertLocus(() -> SafetensorsCheckpoint.open(missing), missing + ": folder not found");
        Path file = Files.writeString(root.resolve("model.safetensors"), "x");
        assertLocus(() -> SafetensorsCheckpoint.open(file), file + ": is a file, not a model folder");
    }

    @Test
    void emptyFolder() throws IOException {
        Path f = folder();
        assertLocus(() -> SafetensorsCheckpoint.open(f), f + ": empty folder: expected config.json and model.safetensors");
        Files.writeString(f.resolve(".DS_Store"), "x");
        assertLocus(() -> SafetensorsCheckpoint.open(f), f + ": empty folder");
    }

    @Test
    void pickleOnlyFoldersAreRefusedWithTheReason() throws IOException {
        Path f = folder();
        Files.writeString(f.resolve("config.json"), "{}");
        Files.write(f.resolve("pytorch_model.bin"), new byte[] {(byte) 0x80, 2});
        assertLocus(() -> SafetensorsCheckpoint.open(f), f + ": only pickle checkpoints (pytorch_model.bin); Locus does not"
                + " load them because unpickling runs arbitrary code. Convert to safetensors (e.g. with Python's"
                + " safetensors.torch.save_file) and try again");
        Files.delete(f.resolve("pytorch_model.bin"));
        for (String name : List.of("pytorch_model-00001-of-00002.bin", "pytorch_model-00002-of-00002.bin", "a.pt",
                "b.pth", "c.ckpt")) {
            Files.write(f.resolve(name), new byte[1]);
        }
        assertLocus(() -> SafetensorsCheckpoint.open(f), "only pickle checkpoints (a.pt, b.pth, c.ckpt and 2 more)",
                "unpickling runs arbitrary code");
    }

    @Test
    void noSafetensorsAtAll() throws IOException {
        Path f = folder();
        Files.writeString(f.resolve("config.json"), "{}");
        Files.writeString(f.resolve("tf_model.h5"), "x");
        assertLocus(() -> SafetensorsCheckpoint.open(f), f + ": no safetensors checkpoint: expected model.safetensors or "
                + INDEX + " (found config.json, tf_model.h5)");
    }

    @Test
    void safetensorsUnderOtherNames() throws IOException {
        Path f = folder();
        SafetensorsWriter.write(f.resolve("consolidated.safetensors"), tensors("x", filled(DType.F32, 1, 1, 0)));
        Files.write(f.resolve("pytorch_model.bin"), new byte[1]);
        assertLocus(() -> SafetensorsCheckpoint.open(f), f + ": has consolidated.safetensors but no model.safetensors or "
                + INDEX);
    }

    @Test
    void brokenIndex() throws IOException {
        Path f = sharded();
        index(f, "{\"weight_map\": {");
        assertLocus(() -> SafetensorsCheckpoint.open(f), f + ": " + INDEX + " is not valid JSON");
        index(f, "[]");
        assertLocus(() -> SafetensorsCheckpoint.open(f), f + ": " + INDEX + " is not a JSON object");
        index(f, "{\"metadata\":{}}");
        assertLocus(() -> SafetensorsCheckpoint.open(f), f + ": " + INDEX + " has no weight_map object");
        index(f, "{\"weight_map\":[\"a\"]}");
        assertLocus(() -> SafetensorsCheckpoint.open(f), "has no weight_map object");
        index(f, "{\"weight_map\":{\"wte.weight\":3}}");
        assertLocus(() -> SafetensorsCheckpoint.open(f), INDEX + ": weight_map entry 'wte.weight' must be a shard file name");
        index(f, "{\"weight_map\":{}}");
        assertLocus(() -> SafetensorsCheckpoint.open(f), f + ": the checkpoint holds no tensors");
    }

    @Test
    void missingShard() throws IOException {
        Path f = sharded();
        Files.delete(f.resolve("model-00002-of-00002.safetensors"));
        assertLocus(() -> SafetensorsCheckpoint.open(f),
                f + ": shard model-00002-of-00002.safetensors named in model.safetensors.index.json is missing");
    }

    @Test
    void tensorAbsentFromItsShard() throws IOException {
        Path f = sharded();
        index(f, "{\"weight_map\":{\"wte.weight\":\"model-00001-of-00002.safetensors\","
                + "\"lm_head.weight\":\"model-00001-of-00002.safetensors\"}}");
        assertLocus(() -> SafetensorsCheckpoint.open(f), f + ": tensor 'lm_head.weight' is mapped to "
                + "model-00001-of-00002.safetensors in " + INDEX + " but that shard does not contain it");
    }

    @Test
    void brokenShardIsNamed() throws IOException {
        Path f = sharded();
        Files.write(f.resolve("model-00002-of-00002.safetensors"), new byte[3]);
        assertLocus(() -> SafetensorsCheckpoint.open(f), "model-00002-of-00002.safetensors: file is too short");
    }

    @Test
    void shardPathsMustStayInTheFolder() throws IOException {
        Path f = sharded();
        // The escaping target exists and is valid, so only the path check can refuse it.
        SafetensorsWriter.write(root.resolve("outside.safetensors"), tensors("wte.weight", filled(DType.F32, 1, 1, 0)));
        Path absolute = root.resolve("outside.safetensors").toAbsolutePath();
        for (String shard : List.of("../outside.safetensors", "sub/../../outside.safetensors", absolute.toString(), "")) {
            index(f, "{\"weight_map\":{\"wte.weight\":\"" + shard + "\"}}");
            assertLocus(() -> SafetensorsCheckpoint.open(f), f + ": shard '" + shard + "' named in " + INDEX,
                    "refusing to read it");
        }
        index(f, "{\"weight_map\":{\"wte.weight\":\"a\\u0000b\"}}");
        assertLocus(() -> SafetensorsCheckpoint.open(f), "is not a valid file name");
    }

    @Test
    void noTensors() throws IOException {
        Path f = folder();
        SafetensorsWriter.write(f.resolve("model.safetensors"), Map.of());
        assertLocus(() -> SafetensorsCheckpoint.open(f), f + ": the checkpoint holds no tensors");
    }
}
