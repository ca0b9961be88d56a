package dev.locus.model.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A tensor to be written by {@link SafetensorsWriter}: float32 values in memory, and the type to store them as.
 * Use {@link #of} for a float array, {@link #ofFloat32} for a buffer returned by {@code readFloat32}.
 *
 * @param dtype  the type on disk: F32, F16 or BF16 (values are rounded to nearest even), or U8 / BOOL for masks and
 *     flags (values must then be whole numbers 0-255, or 0 and 1)
 * @param shape  dimensions; empty for a scalar
 * @param values exactly {@code product(shape)} values from the buffer's position; the buffer is not consumed
 */
public record TensorData(DType dtype, long[] shape, FloatBuffer values) {

    public TensorData {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(values, "values");
        if (!dtype.isReadableAsFloat() && dtype != DType.U8 && dtype != DType.BOOL) {
            throw new IllegalArgumentException("cannot write floats as " + dtype + "; use F32, F16, BF16, U8 or BOOL");
        }
        shape = shape.clone();
        if (Arrays.stream(shape).anyMatch(d -> d < 0)) {
            throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
        }
        long count = new TensorInfo("", dtype, shape, 0, 0).elementCount();
        if (count != values.remaining()) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + count + " values, got "
                    + values.remaining());
        }
        values = values.duplicate(); // our own position, so writing twice works and the caller's buffer is untouched
        if (!dtype.isReadableAsFloat()) {
            checkWhole(dtype, values);
        }
    }

    /** U8 and BOOL store values exactly; rounding 0.7 to a byte would silently change a mask. */
    private static void checkWhole(DType dtype, FloatBuffer values) {
        float max = dtype == DType.BOOL ? 1 : 255;
        for (int i = values.position(); i < values.limit(); i++) {
            float v = values.get(i);
            if (!(v >= 0 && v <= max && v == Math.rint(v))) {
                throw new IllegalArgumentException("value " + v + " at element " + (i - values.position())
                        + " cannot be stored as " + dtype + " (whole numbers 0-" + (int) max + ")");
            }
        }
    }

    public static TensorData of(DType dtype, long[] shape, float... values) {
        return new TensorData(dtype, shape, FloatBuffer.wrap(values));
    }

    /** From float32 bytes in native order, as {@code SafetensorsFile.readFloat32} returns them. */
    public static TensorData ofFloat32(DType dtype, long[] shape, ByteBuffer float32) {
        return new TensorData(dtype, shape, float32.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer());
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public FloatBuffer values() {
        return values.duplicate();
    }

    long byteLength() {
        return (long) values.remaining() * dtype.size();
    }
}
