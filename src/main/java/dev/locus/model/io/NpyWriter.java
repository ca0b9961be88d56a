package dev.locus.model.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Writes float32 arrays as NumPy {@code .npy} files (format 1.0) that {@code numpy.load} reads. Use it to hand
 * arrays to Python for checking or plotting; the write is atomic.
 */
public final class NpyWriter {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private NpyWriter() {
    }

    public static void writeFloat32(Path file, long[] shape, float[] data) {
        writeFloat32(file, shape, FloatBuffer.wrap(data));
    }

    /** Writes data's remaining values (not consumed) with the given shape; their count must match the shape. */
    public static void writeFloat32(Path file, long[] shape, FloatBuffer data) {
        long count = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            count = Math.multiplyExact(count, d);
        }
        if (count != data.remaining()) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + count + " values, got "
                    + data.remaining());
        }
        byte[] header = header(shape);
        FloatBuffer values = data.duplicate();
        AtomicFiles.write(file, out -> {
            out.write(header);
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN); // '<f4' is little-endian
            while (values.hasRemaining()) {
                int n = Math.min(values.remaining(), chunk.capacity() / Float.BYTES);
                for (int i = 0; i < n; i++) {
                    chunk.putFloat(values.get());
                }
                out.write(chunk.array(), 0, chunk.position());
                chunk.clear();
            }
        });
    }

    /** Magic, version 1.0, length and the dict, padded with spaces and a final newline to a multiple of 64 bytes. */
    static byte[] header(long[] shape) {
        String dims = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
        // Python's tuple syntax: a 1-tuple needs its trailing comma, "(5,)"; "(5)" would be a plain int.
        String tuple = "(" + dims + (shape.length == 1 ? ",)" : ")");
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + tuple + ", }";
        int prefix = MAGIC.length + 2 + 2;
        int total = (prefix + dict.length() + 1 + 63) / 64 * 64;
        if (total - prefix > 0xffff) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape)
                    + " has too many dimensions for .npy 1.0");
        }
        String text = dict + " ".repeat(total - prefix - dict.length() - 1) + "\n";
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) (total - prefix));
        b.put(text.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }
}
