package dev.locus.model.io;

import dev.locus.reference.Python;

import static dev.locus.model.io.TestFiles.assertLocus;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path dir;

    private static String dict(byte[] header) {
        return new String(header, 10, header.length - 10, StandardCharsets.US_ASCII);
    }

    @Test
    void headerIsAlignedTo64BytesAndEndsWithANewline() {
        List<long[]> shapes = List.of(new long[0], new long[] {5}, new long[] {2, 3},
                new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, new long[] {Long.MAX_VALUE, Long.MAX_VALUE, 7});
        for (long[] shape : shapes) {
            byte[] h = NpyWriter.header(shape);
            String what = Arrays.toString(shape);
            assertEquals(0, h.length % 64, what);
            assertArrayEquals(NpyWriter.MAGIC, Arrays.copyOf(h, 6), what);
            assertEquals(1, h[6], "major version");
            assertEquals(0, h[7], "minor version");
            assertEquals(h.length - 10, ByteBuffer.wrap(h, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort(), what);
            assertEquals('\n', h[h.length - 1], what);
        }
        assertTrue(dict(NpyWriter.header(new long[] {5})).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }  "));
        assertTrue(dict(NpyWriter.header(new long[] {2, 3})).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"));
        assertTrue(dict(NpyWriter.header(new long[0])).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (), }"));
    }

    @Test
    void roundTripsThroughTheReader() {
        float[] v = {1.5f, -2f, Float.NaN, Float.NEGATIVE_INFINITY, 0f, 7e-40f};
        Path f = dir.resolve("deep/a.npy");
        NpyWriter.writeFloat32(f, new long[] {2, 3}, v);
        NpyArray a = NpyReader.readFloat32(f);
        assertArrayEquals(new long[] {2, 3}, a.shape());
        assertArrayEquals(v, a.data()); // NaN and infinities are data here, not errors
        FloatBuffer buffer = FloatBuffer.wrap(new float[] {9, 8, 7, 6}).position(1);
        NpyWriter.writeFloat32(dir.resolve("b.npy"), new long[] {3}, buffer);
        assertEquals(1, buffer.position(), "not consumed");
        assertEquals(new NpyArray(new long[] {3}, new float[] {8, 7, 6}), NpyReader.readFloat32(dir.resolve("b.npy")));
        NpyWriter.writeFloat32(dir.resolve("s.npy"), new long[0], new float[] {4});
        assertEquals(new NpyArray(new long[0], new float[] {4}), NpyReader.readFloat32(dir.resolve("s.npy")));
    }

    @Test
    void numpyLoadsWhatWeWrite() {
        assumeTrue(TestFiles.pythonHas("numpy"), "python3 with numpy is not installed");
        float[] v = new float[24];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 0.5f;
        }
        NpyWriter.writeFloat32(dir.resolve("m.npy"), new long[] {2, 3, 4}, v);
        NpyWriter.writeFloat32(dir.resolve("v.npy"), new long[] {5}, Arrays.copyOf(v, 5));
        NpyWriter.writeFloat32(dir.resolve("s.npy"), new long[0], new float[] {3});
        String script = "import sys, numpy\n"
                + "for p in sys.argv[1:]:\n"
                + "    a = numpy.load(p)\n"
                + "    print(a.shape, a.dtype, a.sum(), a.flags['C_CONTIGUOUS'], a.ravel()[-1])\n";
        Python.Result r = TestFiles.python(script, dir.resolve("m.npy").toString(), dir.resolve("v.npy").toString(),
                dir.resolve("s.npy").toString());
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(List.of("(2, 3, 4) float32 138.0 True 11.5", "(5,) float32 5.0 True 2.0", "() float32 3.0 True 3.0"),
                r.output().lines().toList());
    }

    @Test
    void weReadWhatNumpyWrites() {
        assumeTrue(TestFiles.pythonHas("numpy"), "python3 with numpy is not installed");
        Path f = dir.resolve("np.npy");
        Path t = dir.resolve("transposed.npy");
        Path d = dir.resolve("double.npy");
        Python.Result r = TestFiles.python("import sys, numpy\n"
                + "numpy.save(sys.argv[1], numpy.arange(12, dtype=numpy.float32).reshape(3, 4) - 5)\n"
                + "numpy.save(sys.argv[2], numpy.asfortranarray(numpy.ones((2, 3), dtype=numpy.float32)))\n"
                + "numpy.save(sys.argv[3], numpy.ones(3))\n", f.toString(), t.toString(), d.toString());
        assertEquals(0, r.exitCode(), r.output());
        NpyArray a = NpyReader.readFloat32(f);
        assertArrayEquals(new long[] {3, 4}, a.shape());
        assertEquals(-5f, a.data()[0]);
        assertEquals(6f, a.data()[11]);
        assertLocus(() -> NpyReader.readFloat32(t), "transposed.npy: Fortran-order arrays are not supported");
        assertLocus(() -> NpyReader.readFloat32(d), "double.npy: dtype '<f8' is not supported");
    }

    @Test
    void brokenFiles() throws IOException {
        assertLocus(() -> NpyReader.readFloat32(dir.resolve("none.npy")), "none.npy: cannot read: no such file");
        assertLocus(() -> NpyReader.readFloat32(TestFiles.write(dir.resolve("e.npy"), new byte[0])), "e.npy: not a .npy file");
        assertLocus(() -> NpyReader.readFloat32(TestFiles.write(dir.resolve("j.npy"), "{\"json\": 1}".getBytes(StandardCharsets.UTF_8))),
                "j.npy: not a .npy file");
        Path good = dir.resolve("g.npy");
        NpyWriter.writeFloat32(good, new long[] {4}, new float[4]);
        byte[] bytes = Files.readAllBytes(good);

        byte[] cut = Arrays.copyOf(bytes, bytes.length - 1);
        assertLocus(() -> NpyReader.readFloat32(TestFiles.write(dir.resolve("cut.npy"), cut)),
                "cut.npy: holds 15 data bytes but shape [4] in float32 needs 16");
        byte[] headerCut = Arrays.copyOf(bytes, 40);
        assertLocus(() -> NpyReader.readFloat32(TestFiles.write(dir.resolve("hc.npy"), headerCut)), "hc.npy: header length 118 does not fit the file (40 bytes");
        byte[] version = bytes.clone();
        version[6] = 9;
        assertLocus(() -> NpyReader.readFloat32(TestFiles.write(dir.resolve("v.npy"), version)), "v.npy: unsupported .npy version 9.0");
        byte[] big = replace(bytes, "(4,)", "(1e3)");
        assertLocus(() -> NpyReader.readFloat32(TestFiles.write(dir.resolve("s.npy"), big)), "s.npy: shape (1e3) is not a tuple");
        byte[] noShape = replace(bytes, "'shape'", "'shope'");
        assertLocus(() -> NpyReader.readFloat32(TestFiles.write(dir.resolve("n.npy"), noShape)), "n.npy: .npy header lacks");
        byte[] huge = replace(bytes, "(4,)", "(99999999999, 99999999999)");
        assertLocus(() -> NpyReader.readFloat32(TestFiles.write(dir.resolve("h.npy"), huge)), "h.npy: shape is too large");
    }

    /** The same bytes with one piece of header text replaced (lengths may differ; the header length field is kept). */
    private static byte[] replace(byte[] bytes, String from, String to) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertTrue(text.contains(from));
        return text.replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
    }
}
