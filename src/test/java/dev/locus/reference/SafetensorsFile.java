package dev.locus.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, independent writer and reader of the safetensors format (https://github.com/huggingface/safetensors):
 *
 * <pre>
 *   [8 bytes]  N, unsigned little-endian 64-bit: the length of the header
 *   [N bytes]  a UTF-8 JSON object: {"__metadata__": {"format": "pt"},
 *                                     "name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, ...}
 *              padded at the end with spaces (0x20); we pad so that 8 + N is a multiple of 8, as the Python
 *              library does, which keeps every F32 tensor 4-byte aligned in the file
 *   [rest]     the byte buffer: each tensor's raw little-endian row-major data at [begin, end) relative to the
 *              start of this buffer; tensors are contiguous and the buffer has no holes
 * </pre>
 *
 * Only F32 and BF16 are written. A shape of [] is a scalar with one element.
 */
public final class SafetensorsFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsFile() {
    }

    /**
     * One tensor: HF name, safetensors dtype ("F32", "BF16", or "BOOL" for the masks older checkpoints saved as
     * buffers, values 0 or 1), shape, and row-major values.
     */
    public record Tensor(String name, String dtype, int[] shape, double[] values) {
        public Tensor {
            if (!dtype.equals("F32") && !dtype.equals("BF16") && !dtype.equals("BOOL")) {
                throw new IllegalArgumentException("unsupported dtype " + dtype);
            }
            if (numel(shape) != values.length) {
                throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " holds "
                        + numel(shape) + " values, got " + values.length);
            }
        }

        public int byteSize() {
            return values.length * bytesPer(dtype);
        }
    }

    /** A parsed header entry, as the file says it. */
    public record Entry(String name, String dtype, int[] shape, long begin, long end) {
    }

    /** A parsed header: its length N, the entries in file order, the __metadata__ map (or empty), total file size. */
    public record Header(long headerLength, Map<String, Entry> entries, Map<String, String> metadata, long fileSize) {
        public long dataStart() {
            return 8 + headerLength;
        }
    }

    public static int numel(int[] shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    static int bytesPer(String dtype) {
        return dtype.equals("F32") ? 4 : dtype.equals("BOOL") ? 1 : 2;
    }

    /**
     * Writes {@code tensors} in the given order. Every value must already be exactly representable in its dtype
     * (the generator rounds first), so that what is written is exactly what the caller keeps.
     */
    public static void write(Path file, List<Tensor> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Tensor t : tensors) {
            if (header.has(t.name())) {
                throw new IllegalArgumentException("duplicate tensor " + t.name());
            }
            ObjectNode e = header.putObject(t.name());
            e.put("dtype", t.dtype());
            ArrayNode shape = e.putArray("shape");
            for (int s : t.shape()) {
                shape.add(s);
            }
            ArrayNode offsets = e.putArray("data_offsets");
            offsets.add(offset);
            offsets.add(offset + t.byteSize());
            offset += t.byteSize();
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8; // 8 + padded is then a multiple of 8
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(8 + padded + offset)).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(padded);
        buf.put(json);
        for (int i = json.length; i < padded; i++) {
            buf.put((byte) ' ');
        }
        for (Tensor t : tensors) {
            for (double v : t.values()) {
                if (t.dtype().equals("BOOL")) {
                    if (v != 0 && v != 1) {
                        throw new IllegalArgumentException(t.name() + ": " + v + " is not a bool");
                    }
                    buf.put((byte) v);
                } else if (t.dtype().equals("F32")) {
                    if ((float) v != v && !Double.isNaN(v)) {
                        throw new IllegalArgumentException(t.name() + ": " + v + " is not a float32 value");
                    }
                    buf.putFloat((float) v);
                } else {
                    if (!Bf16.isExact(v) && !Double.isNaN(v)) {
                        throw new IllegalArgumentException(t.name() + ": " + v + " is not a bf16 value");
                    }
                    buf.putShort((short) Bf16.bits((float) v));
                }
            }
        }
        Files.write(file, buf.array());
    }

    /** Parses and checks the header: offsets contiguous from 0, matching dtype*shape sizes, covering the file. */
    public static Header readHeader(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong();
        if (n <= 0 || 8 + n > all.length) {
            throw new IOException("bad header length " + n);
        }
        JsonNode header = JSON.readTree(new String(all, 8, (int) n, StandardCharsets.UTF_8).stripTrailing());
        Map<String, Entry> entries = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> f : header.properties()) {
            if (f.getKey().equals("__metadata__")) {
                f.getValue().properties().forEach(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            JsonNode e = f.getValue();
            int[] shape = new int[e.get("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = e.get("shape").get(i).asInt();
            }
            entries.put(f.getKey(), new Entry(f.getKey(), e.get("dtype").asText(), shape,
                    e.get("data_offsets").get(0).asLong(), e.get("data_offsets").get(1).asLong()));
        }
        long expect = 0;
        for (Entry e : entries.values().stream().sorted((a, b) -> Long.compare(a.begin(), b.begin())).toList()) {
            if (e.begin() != expect) {
                throw new IOException(e.name() + ": data starts at " + e.begin() + ", expected " + expect);
            }
            if (e.end() - e.begin() != (long) numel(e.shape()) * bytesPer(e.dtype())) {
                throw new IOException(e.name() + ": byte range does not match dtype and shape");
            }
            expect = e.end();
        }
        if (8 + n + expect != all.length) {
            throw new IOException("data ends at " + (8 + n + expect) + " but the file has " + all.length + " bytes");
        }
        return new Header(n, entries, metadata, all.length);
    }

    /** Reads every tensor of one file, converting each element to double exactly. */
    public static Map<String, Tensor> read(Path file) throws IOException {
        Header h = readHeader(file);
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Entry e : h.entries().values()) {
            double[] v = new double[numel(e.shape())];
            int pos = (int) (h.dataStart() + e.begin());
            for (int i = 0; i < v.length; i++) {
                v[i] = e.dtype().equals("F32") ? buf.getFloat(pos + 4 * i)
                        : e.dtype().equals("BOOL") ? buf.get(pos + i)
                        : Bf16.toFloat(buf.getShort(pos + 2 * i));
            }
            out.put(e.name(), new Tensor(e.name(), e.dtype(), e.shape(), v));
        }
        return out;
    }
}
