package dev.locus.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.locus.core.LocusException;
import dev.locus.model.config.ParamSpec;
import dev.locus.model.io.SafetensorsCheckpoint;
import dev.locus.model.io.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a checkpoint's tensors into internal parameters as the adapter's {@link ParamSpec}s say: checks
 * each tensor's shape against the config, converts to float32 in Java (BF16 through DJL kills the JVM),
 * transposes {@code [out, in]} matrices and fuses q/k/v and gate/up. Tensors too large for one buffer are
 * read in row chunks.
 */
public final class CheckpointLoader {
    /** Tensors larger than this (as float32) are read in row chunks. */
    private static final long CHUNK_BYTES = 256L << 20;

    private CheckpointLoader() {
    }

    /** Loads every parameter onto {@code device} in {@code dataType} (float32, or float64 for checks). */
    public static ModelWeights load(SafetensorsCheckpoint ckpt, List<ParamSpec> specs, Device device,
                                    DataType dataType) {
        return load(ckpt, specs, device, dataType, CHUNK_BYTES);
    }

    /** As above, reading tensors larger than {@code chunkBytes} in row chunks (tests use tiny chunks). */
    static ModelWeights load(SafetensorsCheckpoint ckpt, List<ParamSpec> specs, Device device, DataType dataType,
                             long chunkBytes) {
        NDManager manager = NDManager.newBaseManager(device);
        try {
            Map<String, NDArray> params = new LinkedHashMap<>();
            for (ParamSpec spec : specs) {
                params.put(spec.name(), read(manager, ckpt, spec, dataType, chunkBytes));
            }
            return new ModelWeights(manager, params, dataType);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static NDArray read(NDManager manager, SafetensorsCheckpoint ckpt, ParamSpec spec, DataType type,
                                long chunkBytes) {
        NDList parts = new NDList();
        try (NDManager temp = manager.newSubManager()) {
            for (ParamSpec.Source source : spec.sources()) {
                TensorInfo info = ckpt.info(source.tensor());
                if (!Arrays.equals(info.shape(), source.shape())) {
                    throw new LocusException(ckpt.folder().getFileName() + ": tensor '" + source.tensor()
                            + "' has shape " + Arrays.toString(info.shape()) + " but config.json implies "
                            + Arrays.toString(source.shape()));
                }
                boolean transposed = spec.transpose() && source.shape().length == 2;
                NDArray part = transposed ? readTransposed(temp, ckpt, source) : readRows(temp, ckpt, source, chunkBytes);
                parts.add(source.rowOrder() == null ? part : reorder(part, source.rowOrder(), transposed ? 1 : 0));
            }
            NDArray joined = parts.size() == 1 ? parts.head() : NDArrays.concat(parts, parts.head().getShape().dimension() - 1);
            // A real copy in libtorch's own memory: arrays made from a direct buffer only borrow it (from_blob),
            // and toType to the same type may return an alias, which would read freed memory once the buffer is
            // collected.
            NDArray out = joined.getDataType() == type ? joined.duplicate() : joined.toType(type, false);
            out.attach(manager);
            return out;
        }
    }

    /** The stored rows in {@code order}; they lie along {@code axis} (1 once an [out, in] matrix is transposed). */
    private static NDArray reorder(NDArray a, ParamSpec.RowOrder order, int axis) {
        int n = order.blocks().length;
        long[] cuts = new long[n - 1];
        for (int i = 1; i < n; i++) {
            cuts[i - 1] = i * order.blockRows();
        }
        NDList stored = a.split(cuts, axis);
        NDList ordered = new NDList();
        for (int b : order.blocks()) {
            ordered.add(stored.get(b));
        }
        return NDArrays.concat(ordered, axis);
    }

    /** A tensor as stored, in chunks of rows so that no buffer exceeds {@code chunkBytes}. */
    private static NDArray readRows(NDManager m, SafetensorsCheckpoint ckpt, ParamSpec.Source source, long chunkBytes) {
        long[] shape = source.shape();
        long rows = shape.length == 0 ? 1 : shape[0];
        long rowBytes = 4L * Math.max(1, new Shape(shape).size() / Math.max(1, rows));
        if (shape.length == 0 || rows * rowBytes <= chunkBytes) {
            return m.create(ckpt.readFloat32(source.tensor()), new Shape(shape), DataType.FLOAT32);
        }
        long step = Math.max(1, chunkBytes / rowBytes);
        NDList chunks = new NDList();
        for (long r = 0; r < rows; r += step) {
            long n = Math.min(step, rows - r);
            long[] chunkShape = shape.clone();
            chunkShape[0] = n;
            chunks.add(m.create(ckpt.readFloat32Rows(source.tensor(), r, n), new Shape(chunkShape), DataType.FLOAT32));
        }
        return NDArrays.concat(chunks, 0);
    }

    /** A {@code [out, in]} matrix as a contiguous {@code [in, out]} one (transposed in Java, not as a view). */
    private static NDArray readTransposed(NDManager m, SafetensorsCheckpoint ckpt, ParamSpec.Source source) {
        int rows = Math.toIntExact(source.shape()[0]);
        int cols = Math.toIntExact(source.shape()[1]);
        FloatBuffer in = ckpt.readFloat32(source.tensor()).order(ByteOrder.nativeOrder()).asFloatBuffer();
        ByteBuffer outBytes = ByteBuffer.allocateDirect(Math.multiplyExact(4 * rows, cols)).order(ByteOrder.nativeOrder());
        FloatBuffer out = outBytes.asFloatBuffer();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out.put(c * rows + r, in.get(r * cols + c));
            }
        }
        return m.create(outBytes, new Shape(cols, rows), DataType.FLOAT32);
    }
}
