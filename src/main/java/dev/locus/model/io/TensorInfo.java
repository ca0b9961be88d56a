package dev.locus.model.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * One entry of a safetensors header: name, type, shape and byte range. Use it to inspect a tensor before reading
 * it (shape checks, sizes for progress, parameter counts). Offsets are relative to the start of the data section.
 */
public record TensorInfo(String name, DType dtype, long[] shape, long dataBegin, long dataEnd) {

    public TensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        shape = shape.clone(); // a record must not share a mutable array with its caller
    }

    /** The shape; a copy, so callers may change it freely. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of dimensions; 0 for a scalar. */
    public int rank() {
        return shape.length;
    }

    /** Product of the dimensions (1 for a scalar); ArithmeticException if it overflows a long. */
    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Bytes this tensor occupies in the file. */
    public long byteLength() {
        return dataEnd - dataBegin;
    }

    /** The shape as "[10, 12]", the way error messages and `info` print it. */
    public String shapeText() {
        return Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && name.equals(t.name) && dtype == t.dtype && Arrays.equals(shape, t.shape)
                && dataBegin == t.dataBegin && dataEnd == t.dataEnd;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape), dataBegin, dataEnd);
    }

    @Override
    public String toString() {
        return name + " " + dtype + " " + shapeText() + " @[" + dataBegin + ", " + dataEnd + ")";
    }
}
