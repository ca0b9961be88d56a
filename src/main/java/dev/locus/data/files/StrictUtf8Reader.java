package dev.locus.data.files;

import dev.locus.core.LocusException;
import dev.locus.core.Messages;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Decodes a file as UTF-8 and stops at the first invalid byte with a LocusException that names the file, the byte
 * offset and the line, instead of silently turning it into U+FFFD (which would corrupt a name or an answer). A
 * leading byte order mark, as spreadsheet programs write, is skipped.
 */
final class StrictUtf8Reader extends Reader {
    private final InputStream in;
    private final String label;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();
    private final CharBuffer chars = CharBuffer.allocate(1 << 14).flip();
    /** File offset of bytes.array()[0]. */
    private long bufferStart;
    /** Line of the first character not yet decoded (1-based). */
    private long line = 1;
    private boolean endOfInput;
    private boolean done;
    private boolean atStart = true;

    private StrictUtf8Reader(InputStream in, String label) {
        this.in = in;
        this.label = label;
    }

    /** Opens file for strict reading; a missing or unreadable file is a LocusException naming it. */
    static StrictUtf8Reader open(Path file) {
        if (Files.isDirectory(file)) {
            throw new LocusException(file + ": is a folder, not a file");
        }
        try {
            return new StrictUtf8Reader(Files.newInputStream(file), Messages.label(file));
        } catch (IOException e) {
            throw new LocusException(file + ": cannot read: " + Messages.reason(e), e);
        }
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        if (!chars.hasRemaining() && !decodeMore()) {
            return -1;
        }
        int n = Math.min(length, chars.remaining());
        chars.get(buffer, offset, n);
        return n;
    }

    /** Refills chars; false at the end of the file. */
    private boolean decodeMore() throws IOException {
        chars.clear();
        try {
            while (chars.position() == 0 && !done) {
                CoderResult result = decoder.decode(bytes, chars, endOfInput);
                if (result.isError()) {
                    throw invalid(bufferStart + bytes.position());
                }
                if (result.isOverflow()) {
                    break;
                }
                if (endOfInput) {
                    decoder.flush(chars);
                    done = true;
                } else {
                    readBytes();
                }
            }
        } finally {
            chars.flip();
        }
        countLines();
        if (atStart && chars.hasRemaining()) {
            atStart = false;
            if (chars.get(0) == '\uFEFF') {
                chars.position(1);
            }
        }
        return chars.hasRemaining();
    }

    private void readBytes() throws IOException {
        bufferStart += bytes.position();
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
            endOfInput = true;
        } else {
            bytes.position(bytes.position() + n);
        }
        bytes.flip();
    }

    private LocusException invalid(long offset) {
        for (int i = 0; i < chars.position(); i++) { // characters decoded before the bad byte
            if (chars.get(i) == '\n') {
                line++;
            }
        }
        return new LocusException(label + ": invalid UTF-8 at byte offset " + offset + " (line " + line
                + "); save the file as UTF-8");
    }

    /** Advances line over the newly decoded characters. */
    private void countLines() {
        for (int i = 0; i < chars.limit(); i++) {
            if (chars.get(i) == '\n') {
                line++;
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
