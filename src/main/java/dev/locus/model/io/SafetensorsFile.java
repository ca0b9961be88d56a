package dev.locus.model.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.locus.core.LocusException;
import dev.locus.core.Messages;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code .safetensors} file, opened read-only, header validated. Use it to read single tensors as float32 (whole
 * or in row slices), or any tensor's raw bytes; for a Hugging Face model folder, possibly sharded, use
 * {@link SafetensorsCheckpoint}.
 *
 * <p>Reads are positional ({@code FileChannel.read(buf, position)}), so one instance may be read from several
 * threads. Memory-mapping was avoided on purpose: a file truncated while mapped crashes the read with an
 * {@code InternalError} instead of a clean message.
 */
public final class SafetensorsFile implements AutoCloseable {
    /** Largest header accepted; real headers are well under 10 MB, and this bounds what a corrupt length allocates. */
    static final long MAX_HEADER_BYTES = 100L << 20;
    /** Largest float32 result of one read: a direct ByteBuffer is indexed by int. */
    static final long MAX_RESULT_BYTES = (Integer.MAX_VALUE / Float.BYTES) * (long) Float.BYTES;
    private static final int CHUNK_BYTES = 4 << 20;
    private static final String METADATA_KEY = "__metadata__";

    static final ObjectMapper JSON = JsonMapper.builder()
            // A name given twice is ambiguous: which tensor did the writer mean?
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final Path path;
    private final String label;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, FileChannel channel, long dataStart, Map<String, TensorInfo> tensors,
            Map<String, String> metadata) {
        this.path = path;
        this.label = Messages.label(path);
        this.channel = channel;
        this.dataStart = dataStart;
        this.tensors = Collections.unmodifiableMap(tensors);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    /** Opens and validates a safetensors file; every problem with it is a LocusException naming the file. */
    public static SafetensorsFile open(Path file) {
        String label = Messages.label(file);
        if (Files.isDirectory(file)) {
            throw new LocusException(file + ": is a folder, not a safetensors file");
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new LocusException(file + ": cannot open: " + Messages.reason(e), e);
        }
        try {
            return readHeader(file, label, channel);
        } catch (RuntimeException | Error e) {
            closeQuietly(channel, e);
            throw e;
        }
    }

    private static SafetensorsFile readHeader(Path file, String label, FileChannel channel) {
        try {
            long size = channel.size();
            if (size < 8) {
                throw new LocusException(label + ": file is too short to be safetensors (" + size
                        + " bytes; it must start with an 8-byte header length)");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0, label, "the header length");
            long headerLength = lengthBytes.getLong(0); // unsigned in the format; negative here means >= 2^63
            if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
                throw new LocusException(label + ": header length " + Long.toUnsignedString(headerLength)
                        + " bytes is absurd (limit " + MAX_HEADER_BYTES
                        + "); the file is not safetensors or is corrupt");
            }
            if (headerLength > size - 8) {
                throw new LocusException(label + ": header length " + headerLength + " runs past the end of the file ("
                        + size + " bytes); the file is truncated or not safetensors");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            readFully(channel, header, 8, label, "the header");
            long dataStart = 8 + headerLength;
            Map<String, String> metadata = new LinkedHashMap<>();
            Map<String, TensorInfo> tensors = parseHeader(label, header.array(), size - dataStart, metadata);
            return new SafetensorsFile(file, channel, dataStart, tensors, metadata);
        } catch (IOException e) {
            throw new LocusException(label + ": cannot read: " + Messages.reason(e), e);
        } catch (OutOfMemoryError e) { // a header of up to 100 MB, and its JSON tree, on a small heap
            throw new LocusException(label + ": not enough memory to read the header; give Java more memory (-Xmx)", e);
        }
    }

    private static Map<String, TensorInfo> parseHeader(String label, byte[] header, long dataLength,
            Map<String, String> metadata) {
        JsonNode root;
        try {
            // Decode strictly ourselves: Jackson would guess UTF-16/32 from zero bytes, the format says UTF-8.
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(header)).toString();
            root = JSON.readTree(text);
        } catch (CharacterCodingException e) {
            throw new LocusException(label
                    + ": header is not valid UTF-8 text; the file is not safetensors or is corrupt", e);
        } catch (JacksonException e) {
            throw new LocusException(label + ": header is not valid JSON: "
                    + Messages.firstLine(e.getOriginalMessage()), e);
        }
        if (root == null || !root.isObject()) {
            throw new LocusException(label + ": header is not a JSON object of tensors");
        }
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals(METADATA_KEY)) {
                readMetadata(label, field.getValue(), metadata);
            } else {
                TensorInfo info = parseEntry(label, field.getKey(), field.getValue(), dataLength);
                tensors.put(info.name(), info);
            }
        }
        return tensors;
    }

    private static void readMetadata(String label, JsonNode node, Map<String, String> metadata) {
        if (!node.isObject()) {
            throw new LocusException(label + ": __metadata__ must be an object of strings");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw new LocusException(label + ": __metadata__ entry " + Messages.quote(e.getKey())
                        + " must be a string");
            }
            metadata.put(e.getKey(), e.getValue().textValue());
        }
    }

    private static TensorInfo parseEntry(String label, String name, JsonNode entry, long dataLength) {
        String where = label + ": tensor " + Messages.quote(name);
        if (!entry.isObject()) {
            throw new LocusException(where + ": header entry must be an object with dtype, shape and data_offsets");
        }
        JsonNode dtypeNode = entry.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw new LocusException(where + ": header entry has no dtype string");
        }
        DType dtype = DType.fromHeader(dtypeNode.textValue());
        if (dtype == null) {
            throw new LocusException(where + " has unknown dtype " + Messages.quote(dtypeNode.textValue()));
        }
        long[] shape = longs(entry.get("shape"), -1);
        if (shape == null) {
            throw new LocusException(where + ": shape must be a list of non-negative integers, got "
                    + snippet(entry.get("shape")));
        }
        long[] offsets = longs(entry.get("data_offsets"), 2);
        if (offsets == null || offsets[0] > offsets[1]) {
            throw new LocusException(where + ": data_offsets must be two non-negative integers [begin, end] with"
                    + " begin <= end, got " + snippet(entry.get("data_offsets")));
        }
        TensorInfo info = new TensorInfo(name, dtype, shape, offsets[0], offsets[1]);
        if (offsets[1] > dataLength) {
            throw new LocusException(where + " has data offsets [" + offsets[0] + ", " + offsets[1]
                    + ") past the end of the data section (" + dataLength
                    + " bytes); the file is truncated or corrupt");
        }
        long needed;
        try {
            needed = Math.multiplyExact(info.elementCount(), dtype.size());
        } catch (ArithmeticException e) {
            throw new LocusException(where + ": shape " + info.shapeText() + " is too large to exist", e);
        }
        if (needed != info.byteLength()) {
            throw new LocusException(where + " has data offsets [" + offsets[0] + ", " + offsets[1] + ") but its shape "
                    + info.shapeText() + " in " + dtype + " needs " + needed + " bytes");
        }
        return info;
    }

    /** The node as non-negative longs (of the given count, or any count if -1), or null if it is anything else. */
    private static long[] longs(JsonNode node, int count) {
        if (node == null || !node.isArray() || (count >= 0 && node.size() != count)) {
            return null;
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode n = node.get(i);
            if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0) {
                return null;
            }
            out[i] = n.longValue();
        }
        return out;
    }

    private static String snippet(JsonNode node) {
        return node == null ? "nothing" : Messages.clip(node.toString(), 80);
    }

    /** The file this was opened from. */
    public Path path() {
        return path;
    }

    /** All tensors in header order. */
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    /** The optional {@code __metadata__} strings (e.g. {"format": "pt"}); empty if there are none. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Whether the file holds a tensor of this name. */
    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** The header entry of a tensor; LocusException if the file has none of that name. */
    public TensorInfo info(String name) {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            throw new LocusException(label + ": no tensor " + Messages.quote(name) + " in this file");
        }
        return info;
    }

    /**
     * The whole tensor as float32 in a direct buffer of native byte order (position 0, limit = bytes). Tensors too
     * big for one buffer (2 GB as float32) must be read with {@link #readFloat32Rows}.
     */
    public ByteBuffer readFloat32(String name) {
        TensorInfo info = info(name);
        long count = info.elementCount();
        if (count * Float.BYTES > MAX_RESULT_BYTES) {
            throw new LocusException(tensor(name) + " " + info.shapeText() + " is " + count * Float.BYTES
                    + " bytes as float32, too large for one buffer; read it in slices with readFloat32Rows");
        }
        return readElements(info, 0, count);
    }

    /** Rows [firstRow, firstRow + rowCount) along the first dimension, as float32 like {@link #readFloat32}. */
    public ByteBuffer readFloat32Rows(String name, long firstRow, long rowCount) {
        TensorInfo info = info(name);
        if (info.rank() == 0) {
            throw new LocusException(tensor(name) + " is a scalar; it has no rows to slice");
        }
        long rows = info.shape()[0];
        if (firstRow < 0 || rowCount < 0 || firstRow > rows - rowCount) {
            throw new LocusException(label + ": " + rowCount + " rows from row " + firstRow
                    + " are out of range for tensor " + Messages.quote(name) + " with " + rows + " rows");
        }
        long rowElements = rows == 0 ? 0 : info.elementCount() / rows;
        if (rowCount * rowElements * Float.BYTES > MAX_RESULT_BYTES) { // cannot overflow: bounded by the file size
            throw new LocusException(label + ": " + rowCount + " rows of tensor " + Messages.quote(name) + " are "
                    + rowCount * rowElements * Float.BYTES
                    + " bytes as float32, too large for one buffer; read fewer rows");
        }
        return readElements(info, firstRow * rowElements, rowCount * rowElements);
    }

    /**
     * Rows [firstRow, firstRow + rowCount) as float32 into {@code into} (a direct buffer of native order, from
     * position 0; flipped on return), so that a loader can reuse one buffer for every tensor instead of leaving one
     * direct buffer per tensor for the garbage collector to free whenever it runs.
     */
    public ByteBuffer readFloat32Rows(String name, long firstRow, long rowCount, ByteBuffer into) {
        TensorInfo info = info(name);
        long rows = info.rank() == 0 ? 1 : info.shape()[0];
        if (firstRow < 0 || rowCount < 0 || firstRow > rows - rowCount) {
            throw new LocusException(label + ": " + rowCount + " rows from row " + firstRow
                    + " are out of range for tensor " + Messages.quote(name) + " with " + rows + " rows");
        }
        long rowElements = rows == 0 ? 0 : info.elementCount() / rows;
        if (rowCount * rowElements * Float.BYTES > into.capacity()) {
            throw new IllegalArgumentException(rowCount + " rows of " + name + " do not fit a buffer of "
                    + into.capacity() + " bytes");
        }
        into.clear();
        return readElements(info, firstRow * rowElements, rowCount * rowElements, into);
    }

    /**
     * The tensor's bytes exactly as stored (little-endian, row-major), whatever its dtype: for the types that
     * {@link #readFloat32} does not convert, such as U8 and BOOL masks. At most 2 GB.
     */
    public byte[] readBytes(String name) {
        TensorInfo info = info(name);
        long length = info.byteLength();
        if (length > Integer.MAX_VALUE - 8) {
            throw new LocusException(tensor(name) + " " + info.shapeText() + " is " + length
                    + " bytes, too large for one array");
        }
        ByteBuffer out = ByteBuffer.allocate((int) length);
        try {
            readFully(channel, out, dataStart + info.dataBegin(), label, "tensor " + Messages.quote(name));
        } catch (IOException e) {
            throw new LocusException(label + ": cannot read tensor " + Messages.quote(name) + ": "
                    + Messages.reason(e), e);
        }
        return out.array();
    }

    /** Reads and converts elements [first, first + count) of a tensor, checking that every value is finite. */
    private ByteBuffer readElements(TensorInfo info, long first, long count) {
        checkFloat(info);
        return readElements(info, first, count, allocate(info, count));
    }

    private void checkFloat(TensorInfo info) {
        if (!info.dtype().isReadableAsFloat()) {
            throw new LocusException(label + ": unsupported dtype " + info.dtype() + " for tensor "
                    + Messages.quote(info.name()) + "; Locus reads F32, F16 and BF16");
        }
    }

    /** Converts the elements into {@code out} from its position; returns it flipped. */
    private ByteBuffer readElements(TensorInfo info, long first, long count, ByteBuffer out) {
        checkFloat(info);
        DType dtype = info.dtype();
        int size = dtype.size();
        long position = dataStart + info.dataBegin() + first * size;
        long end = position + count * size;
        // Safetensors data is little-endian whatever the machine; the result is in native order for DJL.
        // on the heap: a direct buffer per read would stay allocated until a garbage collection, and loading a
        // model makes thousands of reads
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, count * size)).order(ByteOrder.LITTLE_ENDIAN);
        long index = first;
        try {
            while (position < end) {
                chunk.clear().limit((int) Math.min(chunk.capacity(), end - position));
                readFully(channel, chunk, position, label, "tensor " + Messages.quote(info.name()));
                position += chunk.limit();
                chunk.flip();
                while (chunk.hasRemaining()) {
                    float v = switch (dtype) {
                        case F32 -> chunk.getFloat();
                        case F16 -> FloatCodec.halfToFloat(chunk.getShort());
                        case BF16 -> FloatCodec.bf16ToFloat(chunk.getShort());
                        default -> throw new IllegalStateException("not a float type: " + dtype);
                    };
                    if (!Float.isFinite(v)) {
                        throw new LocusException(tensor(info.name()) + " has a non-finite value (" + v + ") at element "
                                + index);
                    }
                    out.putFloat(v);
                    index++;
                }
            }
        } catch (IOException e) {
            throw new LocusException(label + ": cannot read tensor " + Messages.quote(info.name()) + ": "
                    + Messages.reason(e), e);
        }
        return out.flip();
    }

    private ByteBuffer allocate(TensorInfo info, long count) {
        try {
            return ByteBuffer.allocateDirect((int) (count * Float.BYTES)).order(ByteOrder.nativeOrder());
        } catch (OutOfMemoryError e) {
            throw new LocusException(label + ": not enough memory to read tensor " + Messages.quote(info.name()) + " ("
                    + count * Float.BYTES
                    + " bytes as float32); read fewer rows at a time or give Java more memory (-Xmx)", e);
        }
    }

    /** Fills the buffer from the position, or says clearly that the file ends too early. */
    private static void readFully(FileChannel channel, ByteBuffer buffer, long position, String label, String what)
            throws IOException {
        long p = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, p);
            if (n <= 0) {
                throw new LocusException(label + ": file ends at byte " + p + " while reading " + what
                        + " (needs bytes up to " + (position + buffer.limit())
                        + "); the file is truncated or was changed after it was opened");
            }
            p += n;
        }
    }

    private String tensor(String name) {
        return label + ": tensor " + Messages.quote(name);
    }

    private static void closeQuietly(FileChannel channel, Throwable failure) {
        try {
            channel.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** Closes the file; later reads fail with a LocusException. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new LocusException(label + ": cannot close: " + Messages.reason(e), e);
        }
    }

    @Override
    public String toString() {
        return "SafetensorsFile[" + path + ", " + tensors.size() + " tensors]";
    }
}
