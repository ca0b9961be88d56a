package dev.locus.model.config;

import java.util.Arrays;
import java.util.List;

/**
 * How one internal parameter is made from checkpoint tensors: each source is read, transposed when the
 * checkpoint stores {@code [out, in]} (PyTorch's nn.Linear) and concatenated along the last axis. This is
 * how q/k/v become one fused {@code W_QKV} and gate/up one fused {@code W_in}: one matmul instead of
 * three, which matters when each JNI call costs microseconds.
 *
 * @param name internal name (see {@link ParamNames})
 * @param sources checkpoint tensors in concatenation order, with the shape the config implies for each
 * @param transpose whether each 2-D source is stored {@code [out, in]} and must be transposed
 */
public record ParamSpec(String name, List<Source> sources, boolean transpose) {

    /** A checkpoint tensor and the shape it must have. */
    public record Source(String tensor, long[] shape) {
        @Override
        public String toString() {
            return tensor + Arrays.toString(shape);
        }
    }

    public ParamSpec {
        sources = List.copyOf(sources);
    }

    /** One source used as it is. */
    public static ParamSpec direct(String name, String tensor, long... shape) {
        return new ParamSpec(name, List.of(new Source(tensor, shape)), false);
    }

    /** The internal shape: sources transposed as needed, concatenated along the last axis. */
    public long[] shape() {
        long[] first = oriented(sources.get(0).shape());
        long[] out = first.clone();
        for (int i = 1; i < sources.size(); i++) {
            out[out.length - 1] += oriented(sources.get(i).shape())[out.length - 1];
        }
        return out;
    }

    /** Number of scalars. */
    public long size() {
        long n = 1;
        for (long d : shape()) {
            n *= d;
        }
        return n;
    }

    private long[] oriented(long[] s) {
        return transpose && s.length == 2 ? new long[] {s[1], s[0]} : s;
    }
}
