package dev.locus.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.locus.core.LocusException;
import dev.locus.model.config.ParamSpec;
import dev.locus.model.io.SafetensorsCheckpoint;
import dev.locus.model.io.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a checkpoint's tensors into internal parameters as the adapter's {@link ParamSpec}s say: checks
 * each tensor's shape against the config, converts to float32 in Java (BF16 through DJL kills the JVM),
 * transposes {@code [out, in]} matrices and fuses q/k/v and gate/up.
 *
 * <p>Memory: each parameter is allocated once, in its compute type, and filled chunk by chunk of rows: rows are read
 * and converted to float32 in Java into one reused scratch buffer, and libtorch copies them (converting to float16,
 * transposing) straight into their place. So loading holds the weights in their compute type (float16 never goes
 * through a float32 copy of the model) and one scratch buffer; no per-tensor buffer is left for the garbage
 * collector, and no chunk is concatenated.
 */
public final class CheckpointLoader {
    /** The scratch buffer's size: rows are read this many float32 bytes at a time. */
    private static final long CHUNK_BYTES = 32L << 20;

    private CheckpointLoader() {
    }

    /** Loads every parameter onto {@code device} in {@code dataType} (float32, float16, or float64 for checks). */
    public static ModelWeights load(SafetensorsCheckpoint ckpt, List<ParamSpec> specs, Device device,
                                    DataType dataType) {
        return load(ckpt, specs, device, dataType, CHUNK_BYTES);
    }

    /** As above, reading tensors in row chunks of at most {@code chunkBytes} (tests use tiny chunks). */
    static ModelWeights load(SafetensorsCheckpoint ckpt, List<ParamSpec> specs, Device device, DataType dataType,
                             long chunkBytes) {
        NDManager manager = NDManager.newBaseManager(device);
        try {
            // no larger than the largest tensor needs: a small model does not pay for a 32 MB buffer
            ByteBuffer scratch = ByteBuffer.allocateDirect(Math.toIntExact(Math.max(widestRow(specs),
                    Math.min(chunkBytes, largestSource(specs)))))
                    .order(ByteOrder.nativeOrder());
            Map<String, NDArray> params = new LinkedHashMap<>();
            for (ParamSpec spec : specs) {
                params.put(spec.name(), read(manager, ckpt, spec, dataType, scratch));
            }
            return new ModelWeights(manager, params, dataType);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Bytes of the largest checkpoint tensor as float32. */
    private static long largestSource(List<ParamSpec> specs) {
        long largest = Float.BYTES;
        for (ParamSpec spec : specs) {
            for (ParamSpec.Source s : spec.sources()) {
                largest = Math.max(largest, Float.BYTES * new ai.djl.ndarray.types.Shape(s.shape()).size());
            }
        }
        return largest;
    }

    private static long widestRow(List<ParamSpec> specs) {
        long widest = Float.BYTES;
        for (ParamSpec spec : specs) {
            for (ParamSpec.Source s : spec.sources()) {
                widest = Math.max(widest, Float.BYTES * rowElements(s.shape()));
            }
        }
        return widest;
    }

    private static long rowElements(long[] shape) {
        long n = 1;
        for (int i = 1; i < shape.length; i++) {
            n *= shape[i];
        }
        return n;
    }

    private static NDArray read(NDManager manager, SafetensorsCheckpoint ckpt, ParamSpec spec, DataType type,
                                ByteBuffer scratch) {
        List<ParamSpec.Source> sources = spec.sources();
        for (ParamSpec.Source source : sources) {
            TensorInfo info = ckpt.info(source.tensor());
            if (!Arrays.equals(info.shape(), source.shape())) {
                throw new LocusException(ckpt.folder().getFileName() + ": tensor '" + source.tensor()
                        + "' has shape " + Arrays.toString(info.shape()) + " but config.json implies "
                        + Arrays.toString(source.shape()));
            }
        }
        long[] first = sources.get(0).shape();
        boolean transpose = spec.transpose() && first.length == 2;
        // sources side by side along the last axis; a transposed [out, in] source is [in, out]
        long[] shape = transpose ? new long[] {first[1], first[0]} : first.clone();
        int last = shape.length - 1;
        for (int i = 1; i < sources.size(); i++) {
            long[] s = sources.get(i).shape();
            shape[last] += transpose ? s[0] : s[s.length - 1];
        }
        NDArray out = manager.create(new Shape(shape), type);                     // uninitialized; every entry is set
        try {
            long offset = 0;
            for (ParamSpec.Source source : sources) {
                long[] s = source.shape();
                fill(out, ckpt, source, transpose, sources.size() > 1, offset, scratch);
                offset += s.length == 0 ? 1 : transpose ? s[0] : s[s.length - 1];
            }
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /**
     * Copies one checkpoint tensor into its place in {@code out}, a chunk of rows at a time: at {@code offset} along
     * the last axis when sources are fused, rows becoming columns when transposed. libtorch converts each chunk to
     * {@code out}'s type as it copies.
     */
    private static void fill(NDArray out, SafetensorsCheckpoint ckpt, ParamSpec.Source source, boolean transpose,
                             boolean fused, long offset, ByteBuffer scratch) {
        long[] shape = source.shape();
        if (shape.length == 0) {
            ByteBuffer v = ckpt.readFloat32Rows(source.tensor(), 0, 1, scratch);
            try (NDArray borrowed = out.getManager().create(v, new Shape(), DataType.FLOAT32)) {
                out.set(new NDIndex("..."), borrowed);
            }
            return;
        }
        long rows = shape[0];
        ParamSpec.RowOrder order = source.rowOrder();
        if (order == null) {
            fillRows(out, ckpt, source, transpose, fused, offset, scratch, 0, 0, rows);
        } else {
            // GPT-NeoX's per-head q|k|v: output block i is stored block blocks[i]
            for (int i = 0; i < order.blocks().length; i++) {
                fillRows(out, ckpt, source, transpose, fused, offset, scratch, order.blocks()[i] * order.blockRows(),
                        i * order.blockRows(), order.blockRows());
            }
        }
    }

    /** Stored rows [from, from + count) into rows [to, to + count) of the source's place, a scratch buffer at a time. */
    private static void fillRows(NDArray out, SafetensorsCheckpoint ckpt, ParamSpec.Source source, boolean transpose,
                                 boolean fused, long offset, ByteBuffer scratch, long from, long to, long count) {
        long[] shape = source.shape();
        long step = Math.max(1, scratch.capacity() / (Float.BYTES * Math.max(1, rowElements(shape))));
        for (long done = 0; done < count; done += step) {
            long n = Math.min(step, count - done);
            long r = to + done;                                                   // where these rows go
            ByteBuffer values = ckpt.readFloat32Rows(source.tensor(), from + done, n, scratch);
            long[] chunkShape = shape.clone();
            chunkShape[0] = n;
            NDIndex at = new NDIndex();
            if (transpose) {
                at.addAllDim().addSliceDim(offset + r, offset + r + n);            // [in, these outputs]
            } else if (fused && shape.length == 1) {
                at.addSliceDim(offset + r, offset + r + n);
            } else {
                at.addSliceDim(r, r + n);
                for (int d = 1; d < shape.length; d++) {
                    if (fused && d == shape.length - 1) {
                        at.addSliceDim(offset, offset + shape[d]);
                    } else {
                        at.addAllDim();
                    }
                }
            }
            // the array borrows the scratch buffer (from_blob): set() copies out of it before the buffer is reused
            try (NDArray borrowed = out.getManager().create(values, new Shape(chunkShape), DataType.FLOAT32);
                 NDArray view = transpose ? borrowed.transpose() : null) {
                out.set(at, transpose ? view : borrowed);
            }
        }
    }
}
