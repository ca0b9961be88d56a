package dev.locus.model.io;

import java.util.Arrays;

/**
 * A float32 array read from a {@code .npy} file, in C (row-major) order. Use it for small arrays exchanged with
 * NumPy (reference activations, test vectors).
 */
public record NpyArray(long[] shape, float[] data) {

    public NpyArray {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyArray a && Arrays.equals(shape, a.shape) && Arrays.equals(data, a.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "NpyArray" + Arrays.toString(shape);
    }
}
