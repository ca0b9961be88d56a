package dev.locus.model.io;

import dev.locus.core.LocusException;
import dev.locus.core.Messages;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.CancellationException;

/**
 * Writes a file so that readers see either the old content or the complete new content, never a half-written file.
 * Use it for every file Locus produces (reports, edited checkpoints, arrays): a crash or a full disk mid-write then
 * leaves the previous file intact.
 */
public final class AtomicFiles {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Produces the file's bytes; it may throw IOException, and need not (but may) close the stream. */
    @FunctionalInterface
    public interface IoWriter {
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Writes target through a temporary file in the same folder, fsyncs it and moves it over target. On failure the
     * temporary file is removed and a LocusException names target; a LocusException from writer passes unchanged. A
     * thread interrupted (a cancelled job) before the move ends with a CancellationException and leaves target as
     * it was.
     */
    public static void write(Path target, IoWriter writer) {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir == null || absolute.getFileName() == null) {
            throw new LocusException(target + ": cannot write: not a file path");
        }
        if (Files.isDirectory(absolute)) {
            throw new LocusException(target + ": cannot write: a folder of that name exists");
        }
        // Same folder as target, so the final move is a rename within one file system; hidden and random so that
        // two writers never share it and folder listings ignore it.
        String random = HexFormat.of().toHexDigits(RANDOM.nextLong());
        Path temp = dir.resolve("." + absolute.getFileName() + "." + random + ".tmp");
        boolean moved = false;
        try {
            Files.createDirectories(dir);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                writer.write(new FilterOutputStream(out) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len); // FilterOutputStream would write byte by byte
                    }

                    @Override
                    public void close() throws IOException {
                        out.flush(); // the channel must stay open for force() below
                    }
                });
                out.flush();
                channel.force(true); // the data must be on disk before the rename makes it visible
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException(target + ": not written: cancelled"); // a cancelled job keeps the old file
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            syncFolder(dir);
        } catch (ClosedByInterruptException e) {
            throw new CancellationException(target + ": not written: cancelled");
        } catch (IOException e) {
            throw new LocusException(target + ": cannot write: " + Messages.reason(e), e);
        } catch (UncheckedIOException e) {
            throw new LocusException(target + ": cannot write: " + Messages.reason(e.getCause()), e);
        } finally {
            if (!moved) {
                deleteQuietly(temp);
            }
        }
    }

    /** Writes text as UTF-8, atomically like {@link #write}. */
    public static void writeString(Path target, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(target, out -> out.write(bytes));
    }

    /** Makes the rename itself durable; not possible on every platform (Windows), so best effort only. */
    private static void syncFolder(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            // The file content is already safe; only the rename's durability is at stake.
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // Nothing more to do: the original failure is what the caller needs to see.
        }
    }
}
