package dev.locus.model;

import ai.djl.ndarray.types.DataType;
import dev.locus.model.config.ParamSpec;
import dev.locus.model.io.DType;
import dev.locus.model.io.SafetensorsWriter;
import dev.locus.model.io.TensorData;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes internal parameters back under the checkpoint's own names and orientation: the inverse of
 * {@link CheckpointLoader} (split fused parameters along the last axis, transpose {@code [in, out]} back to
 * {@code [out, in]}, rows back in their stored order). Used to ship the demo model and to save edited models as Hugging Face folders.
 */
public final class CheckpointWriter {
    private CheckpointWriter() {
    }

    /** Writes {@code model.safetensors} (float32) into {@code dir}, atomically. */
    public static void writeSafetensors(Path dir, List<ParamSpec> specs, ModelWeights weights) {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        for (ParamSpec spec : specs) {
            float[] values = weights.get(spec.name()).toType(DataType.FLOAT32, false).toFloatArray();
            long[] shape = spec.shape();
            long inner = shape[shape.length - 1];
            long outer = values.length / inner;
            long offset = 0;
            for (ParamSpec.Source s : spec.sources()) {
                long width = spec.transpose() && s.shape().length == 2 ? s.shape()[0] : s.shape()[s.shape().length - 1];
                float[] part = new float[Math.toIntExact(outer * width)];
                for (long r = 0; r < outer; r++) {
                    for (long c = 0; c < width; c++) {
                        float v = values[(int) (r * inner + offset + c)];
                        long out = s.rowOrder() == null ? c : s.rowOrder().storedRow(c);   // GPT-NeoX's head order
                        if (spec.transpose() && s.shape().length == 2) {
                            part[(int) (out * outer + r)] = v;    // back to [out, in]
                        } else {
                            part[(int) (r * width + out)] = v;
                        }
                    }
                }
                tensors.put(s.tensor(), TensorData.of(DType.F32, s.shape(), part));
                offset += width;
            }
        }
        SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
    }
}
