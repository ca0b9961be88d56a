package dev.locus.model.io;

import dev.locus.core.LocusException;
import dev.locus.core.Messages;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads little-endian float32 {@code .npy} files (versions 1.0 to 3.0, C order), as {@code numpy.save} writes them.
 * Use it for reference arrays produced in Python; other dtypes are refused with a clear message.
 */
public final class NpyReader {
    /** NumPy itself refuses headers over 10 000 bytes by default; this only stops absurd allocations. */
    private static final int MAX_HEADER_BYTES = 1 << 20;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyReader() {
    }

    public static NpyArray readFloat32(Path file) {
        String label = Messages.label(file);
        if (Files.isDirectory(file)) {
            throw new LocusException(file + ": is a folder, not a .npy file");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer prefix = read(channel, 0, (int) Math.min(size, 12), label);
            if (size < 10 || !Arrays.equals(Arrays.copyOf(prefix.array(), 6), NpyWriter.MAGIC)) {
                throw new LocusException(label + ": not a .npy file (it does not start with \\x93NUMPY)");
            }
            int major = prefix.get(6);
            int lengthBytes = major == 1 ? 2 : 4; // 2.0 and 3.0 widened the length to 4 bytes
            if (major < 1 || major > 3 || (lengthBytes == 4 && size < 12)) {
                throw new LocusException(label + ": unsupported .npy version " + major + "." + prefix.get(7));
            }
            long headerLength = lengthBytes == 2 ? prefix.getShort(8) & 0xffff : prefix.getInt(8) & 0xffffffffL;
            long dataStart = 8 + lengthBytes + headerLength;
            if (headerLength > MAX_HEADER_BYTES || dataStart > size) {
                throw new LocusException(label + ": header length " + headerLength + " does not fit the file (" + size
                        + " bytes, header limit " + MAX_HEADER_BYTES + "); the file is truncated or corrupt");
            }
            ByteBuffer headerBytes = read(channel, 8 + lengthBytes, (int) headerLength, label);
            String header = new String(headerBytes.array(),
                    major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1); // 3.0 allows UTF-8 field names
            long[] shape = parseHeader(label, header);
            long count = 1;
            for (long d : shape) {
                count = Math.multiplyExact(count, d);
            }
            if (count > Integer.MAX_VALUE - 8) {
                throw new LocusException(label + ": array " + Arrays.toString(shape) + " has " + count
                        + " elements, too many for one Java array");
            }
            if (size - dataStart != count * Float.BYTES) {
                throw new LocusException(label + ": holds " + (size - dataStart) + " data bytes but shape "
                        + Arrays.toString(shape) + " in float32 needs " + count * Float.BYTES
                        + "; the file is truncated or corrupt");
            }
            float[] data = new float[(int) count];
            ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(1 << 20, count * Float.BYTES))
                    .order(ByteOrder.LITTLE_ENDIAN);
            long position = dataStart;
            for (int i = 0; i < data.length;) {
                chunk.clear().limit((int) Math.min(chunk.capacity(), (long) (data.length - i) * Float.BYTES));
                readFully(channel, chunk, position, label);
                position += chunk.limit();
                chunk.flip();
                while (chunk.hasRemaining()) {
                    data[i++] = chunk.getFloat();
                }
            }
            return new NpyArray(shape, data);
        } catch (ArithmeticException e) {
            throw new LocusException(label + ": shape is too large to exist", e);
        } catch (OutOfMemoryError e) {
            throw new LocusException(label + ": not enough memory to read the array; give Java more memory (-Xmx)", e);
        } catch (IOException e) {
            throw new LocusException(file + ": cannot read: " + Messages.reason(e), e);
        }
    }

    private static long[] parseHeader(String label, String header) {
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shape = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shape.find()) {
            throw new LocusException(label + ": .npy header lacks descr, fortran_order or shape: "
                    + Messages.clip(header.strip(), 120));
        }
        if (!descr.group(1).equals("<f4")) {
            throw new LocusException(label + ": dtype " + Messages.quote(descr.group(1))
                    + " is not supported; Locus reads little-endian float32 ('<f4') arrays");
        }
        if (fortran.group(1).equals("True")) {
            throw new LocusException(label
                    + ": Fortran-order arrays are not supported; save with numpy.ascontiguousarray");
        }
        String dims = shape.group(1).strip();
        if (dims.endsWith(",")) {
            dims = dims.substring(0, dims.length() - 1);
        }
        if (dims.isBlank()) {
            return new long[0];
        }
        String[] parts = dims.split(",");
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].strip();
            if (p.endsWith("L")) {
                p = p.substring(0, p.length() - 1); // Python 2 long literal, in files from old NumPy
            }
            if (!p.matches("[0-9]{1,18}")) {
                throw new LocusException(label + ": shape (" + Messages.clip(shape.group(1), 80)
                        + ") is not a tuple of non-negative integers");
            }
            out[i] = Long.parseLong(p);
        }
        return out;
    }

    private static ByteBuffer read(FileChannel channel, long position, int length, String label) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, b, position, label);
        return b;
    }

    private static void readFully(FileChannel channel, ByteBuffer b, long position, String label) throws IOException {
        long p = position;
        while (b.hasRemaining()) {
            int n = channel.read(b, p);
            if (n <= 0) {
                throw new LocusException(label + ": file ends at byte " + p
                        + "; it is truncated or was changed while read");
            }
            p += n;
        }
    }
}
