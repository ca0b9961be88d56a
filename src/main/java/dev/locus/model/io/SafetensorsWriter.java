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
import java.util.Map;

/**
 * Writes a safetensors file that Python's {@code safetensors} (and {@link SafetensorsFile}) read. Use it to save
 * edited weights or test fixtures; the write is atomic, so an existing file is replaced only once complete.
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
        byte[] header = header(tensors, metadata);
        AtomicFiles.write(file, out -> {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
            out.write(length.array());
            out.write(header);
            for (TensorData t : tensors.values()) {
                writeValues(out, t);
            }
        });
    }

    /** The JSON header, padded with spaces to a multiple of 8 bytes like the reference writer (aligns the data). */
    static byte[] header(Map<String, TensorData> tensors, Map<String, String> metadata) {
        ObjectNode root = SafetensorsFile.JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, TensorData> e : tensors.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                throw new IllegalArgumentException("__metadata__ is reserved and cannot name a tensor");
            }
            TensorData t = e.getValue();
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
                    default -> throw new IllegalStateException("not a float type: " + t.dtype());
                }
            }
            out.write(chunk.array(), 0, chunk.position());
            chunk.clear();
        }
    }
}
