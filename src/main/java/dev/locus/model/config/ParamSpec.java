package dev.locus.model.config;

import java.util.Arrays;
import java.util.List;

/**
 * How one internal parameter is made from checkpoint tensors: each source is read, transposed when the
 * checkpoint stores {@code [out, in]} (PyTorch's nn.Linear) and concatenated along the last axis. This is
 * how q/k/v become one fused {@code W_QKV} and gate/up one fused {@code W_in}: one matmul instead of
 * three, which matters when each JNI call costs microseconds. A source whose rows are interleaved differently
 * (GPT-NeoX stores q, k and v head by head) names a {@link RowOrder} that puts them in the internal order first.
 *
 * @param name internal name (see {@link ParamNames})
 * @param sources checkpoint tensors in concatenation order, with the shape the config implies for each
 * @param transpose whether each 2-D source is stored {@code [out, in]} and must be transposed
 */
public record ParamSpec(String name, List<Source> sources, boolean transpose) {

    /**
     * A checkpoint tensor and the shape it must have.
     *
     * @param rowOrder how to reorder its rows (the {@code out} axis) before use; null: as stored
     */
    public record Source(String tensor, long[] shape, RowOrder rowOrder) {
        public Source(String tensor, long[] shape) {
            this(tensor, shape, null);
        }

        @Override
        public String toString() {
            return tensor + Arrays.toString(shape);
        }
    }

    /**
     * A permutation of a tensor's rows in blocks: the rows are read in blocks of {@code blockRows}, and block
     * {@code i} of the result is stored block {@code blocks[i]}.
     */
    public record RowOrder(long blockRows, int[] blocks) {

        /** Where row {@code row} of the result is stored. */
        public long storedRow(long row) {
            return blocks[Math.toIntExact(row / blockRows)] * blockRows + row % blockRows;
        }

        /**
         * Rows stored {@code [heads, parts, headDim]} (GPT-NeoX's fused query_key_value: each head's q, k, v
         * together) reordered to {@code [parts, heads, headDim]} (all q heads, then all k, then all v).
         */
        public static RowOrder partsMajor(int heads, int parts, long headDim) {
            int[] blocks = new int[heads * parts];
            for (int part = 0; part < parts; part++) {
                for (int h = 0; h < heads; h++) {
                    blocks[part * heads + h] = h * parts + part;
                }
            }
            return new RowOrder(headDim, blocks);
        }
    }

    public ParamSpec {
        sources = List.copyOf(sources);
        for (Source s : sources) {
            // Rows are the out axis: that of a vector, or of a matrix stored [out, in].
            if (s.rowOrder() != null && s.shape().length != 1 && !(transpose && s.shape().length == 2)) {
                throw new IllegalArgumentException(name + ": a row order needs a vector or an [out, in] matrix");
            }
        }
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
