package dev.locus.model.io;

import static dev.locus.model.io.TestFiles.floats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.locus.reference.Python;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our files against independent readers and writers in Python, and a file the Python safetensors package wrote,
 * kept in the test resources, so that reading the library's files needs no Python. The tests that run Python skip
 * where python3 lacks numpy or safetensors, except on CI ({@code CI=true}), where {@code .ci/run} installs both and
 * a failed install must not pass unnoticed: there they fail.
 */
class SafetensorsInteropTest {
    @TempDir
    Path dir;

    /** Decodes F32/F16/BF16 bytes with numpy and prints one line per tensor, sorted by name, then the metadata. */
    private static final String PRINT = "import json, numpy as np\n"
            + "def show(entries, meta):\n"
            + "    for name, dtype, shape, raw in sorted(entries):\n"
            + "        if dtype == 'BF16':\n"
            + "            a = (np.frombuffer(raw, '<u2').astype('<u4') << 16).view('<f4')\n"
            + "        else:\n"
            + "            a = np.frombuffer(raw, {'F32': '<f4', 'F16': '<f2'}[dtype]).astype(np.float32)\n"
            + "        a = a.reshape(shape)\n"
            + "        print(name, dtype, list(a.shape), ' '.join(repr(float(x)) for x in a.ravel()))\n"
            + "    print('meta', json.dumps(meta, sort_keys=True))\n";

    /** A reader written from the format description, as strict as the reference about layout. */
    private static final String SPEC_READER = PRINT
            + "import sys, struct\n"
            + "b = open(sys.argv[1], 'rb').read()\n"
            + "n = struct.unpack('<Q', b[:8])[0]\n"
            + "assert n % 8 == 0 and b[8:9] == b'{', 'header length or start'\n"
            + "h = json.loads(b[8:8 + n].decode('utf-8'))\n"
            + "meta = h.pop('__metadata__', {})\n"
            + "data = b[8 + n:]\n"
            + "pos = 0\n"
            + "for s, e in sorted(tuple(v['data_offsets']) for v in h.values()):\n"
            + "    assert s == pos, 'hole or overlap in the data section'\n"
            + "    pos = e\n"
            + "assert pos == len(data), 'data section is not fully used'\n"
            + "show([(k, v['dtype'], v['shape'], data[v['data_offsets'][0]:v['data_offsets'][1]]) for k, v in h.items()], meta)\n";

    private static final String LIBRARY_READER = PRINT
            + "import sys, safetensors\n"
            + "entries = [(k, t['dtype'], t['shape'], bytes(t['data']))"
            + " for k, t in safetensors.deserialize(open(sys.argv[1], 'rb').read())]\n"
            + "with safetensors.safe_open(sys.argv[1], framework='np') as f:\n"
            + "    meta = f.metadata() or {}\n"
            + "show(entries, meta)\n";

    private Path sample() {
        Map<String, TensorData> t = new LinkedHashMap<>();
        t.put("wte.weight", TensorData.of(DType.BF16, new long[] {2, 3}, 1, -2, 0.5f, 3.140625f, 0, -0.0078125f));
        t.put("h.0.ln.bias", TensorData.of(DType.F16, new long[] {3}, 0.25f, 65504f, -0x1p-24f));
        t.put("lm_head.weight", TensorData.of(DType.F32, new long[] {1, 2}, 0.1f, -1e30f));
        t.put("scale", TensorData.of(DType.F32, new long[0], 2f));
        Path f = dir.resolve("model.safetensors");
        SafetensorsWriter.write(f, t, Map.of("format", "pt", "note", "Locus"));
        return f;
    }

    private static final List<String> EXPECTED = List.of(
            "h.0.ln.bias F16 [3] 0.25 65504.0 -5.960464477539063e-08",
            "lm_head.weight F32 [1, 2] 0.10000000149011612 -1.0000000150474662e+30",
            "scale F32 [] 2.0",
            "wte.weight BF16 [2, 3] 1.0 -2.0 0.5 3.140625 0.0 -0.0078125",
            "meta {\"format\": \"pt\", \"note\": \"Locus\"}");

    /** Skips where python3 cannot import the module, or fails on CI (CI=true), where .ci/run installs it. */
    private static void requirePython(String module) {
        boolean has = TestFiles.pythonHas(module);
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(has, "python3 cannot import " + module + " on CI (CI=true): .ci/run installs safetensors and"
                    + " numpy with pip, and that step failed");
        }
        assumeTrue(has, "python3 with " + module + " is not installed");
    }

    @Test
    void aNumpyReaderFollowingTheSpecReadsOurFiles() {
        requirePython("numpy");
        Python.Result r = TestFiles.python(SPEC_READER, sample().toString());
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(EXPECTED, r.output().lines().toList());
    }

    @Test
    void theSafetensorsLibraryReadsOurFiles() {
        requirePython("safetensors.numpy");
        Python.Result r = TestFiles.python(LIBRARY_READER, sample().toString());
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(EXPECTED, r.output().lines().toList());
    }

    /**
     * {@code from-python.safetensors} was written once by the safetensors package (0.8.0, with numpy 2.4), by:
     * <pre>
     * import numpy as np, safetensors
     * a = np.arange(6, dtype=np.float32).reshape(2, 3) - 2.5
     * b = np.array([0.5, -65504, 6e-08], dtype=np.float16)
     * s = np.array(7, dtype=np.float32)
     * c = np.array([0x3f80, 0xc0a0, 0x0001], dtype=np.uint16)  # bfloat16 bits: 1, -5, the smallest subnormal
     * spec = lambda x, dtype: safetensors.TensorSpec(dtype=dtype, shape=list(x.shape), data_ptr=x.ctypes.data,
     *                                                data_len=x.nbytes)
     * safetensors.serialize_file({'a': spec(a, 'float32'), 'b': spec(b, 'float16'), 's': spec(s, 'float32'),
     *                             'c': spec(c, 'bfloat16')}, 'from-python.safetensors',
     *                            metadata={'format': 'np', 'writer': 'safetensors ' + safetensors.__version__})
     * </pre>
     * The library lays tensors out by alignment, then name (a, s, c, b), and pads its header with spaces.
     */
    @Test
    void weReadAFileTheSafetensorsLibraryWrote() throws Exception {
        Path f = Path.of(SafetensorsInteropTest.class.getResource("from-python.safetensors").toURI());
        try (SafetensorsFile st = SafetensorsFile.open(f)) {
            assertEquals(Map.of("format", "np", "writer", "safetensors 0.8.0"), st.metadata());
            assertEquals(List.of("a", "b", "c", "s"), st.tensors().keySet().stream().sorted().toList());
            assertEquals(DType.F32, st.info("a").dtype());
            assertArrayEquals(new long[] {2, 3}, st.info("a").shape());
            assertArrayEquals(new float[] {-2.5f, -1.5f, -0.5f, 0.5f, 1.5f, 2.5f}, floats(st.readFloat32("a")));
            assertEquals(DType.F16, st.info("b").dtype());
            assertArrayEquals(new long[] {3}, st.info("b").shape());
            assertArrayEquals(new float[] {0.5f, -65504f, 0x1p-24f}, floats(st.readFloat32("b")));
            assertEquals(DType.BF16, st.info("c").dtype());
            assertArrayEquals(new long[] {3}, st.info("c").shape());
            assertArrayEquals(new float[] {1f, -5f, Float.intBitsToFloat(0x00010000)}, floats(st.readFloat32("c")));
            assertEquals(DType.F32, st.info("s").dtype());
            assertEquals(0, st.info("s").rank());
            assertArrayEquals(new float[] {7f}, floats(st.readFloat32("s")));
        }
    }

    /** The same, with the safetensors package installed here now (a newer version may write differently). */
    @Test
    void weReadFilesFromTheSafetensorsLibrary() {
        requirePython("safetensors.numpy");
        Path f = dir.resolve("py.safetensors");
        Path g = dir.resolve("bf16.safetensors");
        Python.Result r = TestFiles.python("import sys, numpy as np, safetensors\n"
                + "from safetensors.numpy import save_file\n"
                + "save_file({'a': np.arange(6, dtype=np.float32).reshape(2, 3) - 2.5,"
                + " 'b': np.array([0.5, -65504, 6e-08], dtype=np.float16), 's': np.array(7, dtype=np.float32)},"
                + " sys.argv[1], metadata={'format': 'np'})\n"
                + "if hasattr(safetensors, 'TensorSpec'):\n"
                + "    bits = np.array([0x3f80, 0xc0a0, 0x0001], dtype=np.uint16)\n"
                + "    spec = safetensors.TensorSpec(dtype='bfloat16', shape=[3], data_ptr=bits.ctypes.data, data_len=6)\n"
                + "    safetensors.serialize_file({'c': spec}, sys.argv[2])\n", f.toString(), g.toString());
        assertEquals(0, r.exitCode(), r.output());
        try (SafetensorsFile st = SafetensorsFile.open(f)) {
            assertEquals(Map.of("format", "np"), st.metadata());
            assertArrayEquals(new float[] {-2.5f, -1.5f, -0.5f, 0.5f, 1.5f, 2.5f}, floats(st.readFloat32("a")));
            assertArrayEquals(new long[] {2, 3}, st.info("a").shape());
            assertArrayEquals(new float[] {0.5f, -65504f, 0x1p-24f}, floats(st.readFloat32("b")));
            assertEquals(0, st.info("s").rank());
            assertArrayEquals(new float[] {7f}, floats(st.readFloat32("s")));
        }
        if (g.toFile().exists()) {
            try (SafetensorsFile st = SafetensorsFile.open(g)) {
                assertArrayEquals(new float[] {1f, -5f, Float.intBitsToFloat(0x00010000)}, floats(st.readFloat32("c")));
            }
        }
    }
}
