package dev.locus.model.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Writes a safetensors file that Python's {@code safetensors} (and {@link SafetensorsFile}) read. Use it to save
 * edited weights, masks (U8) or test fixtures; the write is atomic, so an existing file is replaced only once complete.
 */
public final class SafetensorsWriter {
    private SafetensorsWriter() {
    }

    /** Writes the tensors in map order, without metadata. */
    public static void write(Path file, Map<String, TensorData> tensors) {
        write(file, tensors, Map.of());
    }

    /** Writes the tensors in map order, contiguous, with an optional {@code __metadata__} map (empty = none). */
    public static void write(Path file, Map<String, TensorData> tensors, Map<String, String> metadata) {
        Map<String, Deferred> deferred = new LinkedHashMap<>();
        tensors.forEach((name, t) -> deferred.put(name, new Deferred(t.dtype(), t.shape(), () -> t)));
        writeDeferred(file, deferred, metadata);
    }

    /**
     * A tensor declared by type and shape whose values are made only when its turn to be written comes, so that a
     * file of many large tensors (the masks of a 7B model) never holds them all in memory at once.
     *
     * @param values makes the values; it must return exactly this dtype and shape
     */
    public record Deferred(DType dtype, long[] shape, Supplier<TensorData> values) {
        public Deferred {
            Objects.requireNonNull(dtype, "dtype");
            Objects.requireNonNull(values, "values");
            shape = shape.clone();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        long byteLength() {
            return Math.multiplyExact(new TensorInfo("", dtype, shape, 0, 0).elementCount(), (long) dtype.size());
        }
    }

    /** Like {@link #write(Path, Map, Map)}, making each tensor's values only when it is written. */
    public static void writeDeferred(Path file, Map<String, Deferred> tensors, Map<String, String> metadata) {
        byte[] header = header(tensors, metadata);
        AtomicFiles.write(file, out -> {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
            out.write(length.array());
            out.write(header);
            for (Map.Entry<String, Deferred> e : tensors.entrySet()) {
                Deferred d = e.getValue();
                TensorData t = d.values().get();
                if (t.dtype() != d.dtype() || !Arrays.equals(t.shape(), d.shape)) {
                    // The header is already written: a mismatch would corrupt the file, so fail before the move.
                    throw new IllegalStateException(e.getKey() + ": declared " + d.dtype() + Arrays.toString(d.shape)
                            + " but made " + t.dtype() + Arrays.toString(t.shape()));
                }
                writeValues(out, t);
            }
        });
    }

    /** The JSON header, padded with spaces to a multiple of 8 bytes like the reference writer (aligns the data). */
    static byte[] header(Map<String, Deferred> tensors, Map<String, String> metadata) {
        ObjectNode root = SafetensorsFile.JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Deferred> e : tensors.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                throw new IllegalArgumentException("__metadata__ is reserved and cannot name a tensor");
            }
            Deferred t = e.getValue();
            ObjectNode entry = root.putObject(e.getKey());
            entry.put("dtype", t.dtype().name());
            ArrayNode shape = entry.putArray("shape");
            Arrays.stream(t.shape()).forEach(shape::add);
            long end = offset + t.byteLength();
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json;
        try {
            json = SafetensorsFile.JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a tree of strings and numbers", e);
        }
        byte[] padded = Arrays.copyOf(json, (json.length + 7) & ~7);
        Arrays.fill(padded, json.length, padded.length, (byte) ' ');
        return padded;
    }

    private static void writeValues(OutputStream out, TensorData t) throws IOException {
        FloatBuffer values = t.values();
        ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        while (values.hasRemaining()) {
            while (values.hasRemaining() && chunk.remaining() >= 4) {
                float v = values.get();
                switch (t.dtype()) {
                    case F32 -> chunk.putFloat(v);
                    case F16 -> chunk.putShort(FloatCodec.floatToHalf(v));
                    case BF16 -> chunk.putShort(FloatCodec.floatToBf16(v));
                    case U8, BOOL -> chunk.put((byte) v); // TensorData checked that v is a whole number in range
                    default -> throw new IllegalStateException("not a writable type: " + t.dtype());
                }
            }
            out.write(chunk.array(), 0, chunk.position());
            chunk.clear();
        }
    }
}
