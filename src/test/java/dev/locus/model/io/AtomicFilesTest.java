package dev.locus.model.io;

import static dev.locus.model.io.TestFiles.assertLocus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.locus.core.LocusException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesCreatingParentsAndReplacing() throws IOException {
        Path target = dir.resolve("a/b/report.txt");
        AtomicFiles.writeString(target, "first ✓");
        assertEquals("first ✓", Files.readString(target, StandardCharsets.UTF_8));
        AtomicFiles.write(target, out -> {
            out.write('x');
            out.write(new byte[] {'y', 'z'});
        });
        assertEquals("xyz", Files.readString(target));
        assertEquals(List.of("report.txt"), names(target.getParent()));
    }

    @Test
    void aFailingWriterLeavesTheOldFileAndNoTemporary() throws IOException {
        Path target = dir.resolve("keep.txt");
        AtomicFiles.writeString(target, "old");
        assertLocus(() -> AtomicFiles.write(target, out -> {
            out.write("half of the new".getBytes(StandardCharsets.UTF_8));
            throw new IOException("No space left on device");
        }), target + ": cannot write: No space left on device");
        assertEquals("old", Files.readString(target));
        assertEquals(List.of("keep.txt"), names(dir));
    }

    @Test
    void exceptionsFromTheWriterPassThroughAfterCleanup() throws IOException {
        Path target = dir.resolve("x.bin");
        LocusException own = new LocusException("x.bin: value out of range");
        assertSame(own, assertThrows(LocusException.class, () -> AtomicFiles.write(target, out -> {
            throw own;
        })));
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, out -> {
            throw new IllegalStateException("bug");
        }));
        assertEquals(List.of(), names(dir));
    }

    @Test
    void aWriterMayCloseTheStream() throws IOException {
        Path target = dir.resolve("closed.txt");
        AtomicFiles.write(target, out -> {
            out.write('k');
            out.close();
        });
        assertEquals("k", Files.readString(target));
    }

    @Test
    void unwritableTargets() throws IOException {
        Files.createDirectories(dir.resolve("folder"));
        assertLocus(() -> AtomicFiles.writeString(dir.resolve("folder"), "x"), "folder: cannot write: a folder of that name exists");
        Files.writeString(dir.resolve("plain"), "x");
        Path below = dir.resolve("plain/child.txt");
        assertLocus(() -> AtomicFiles.writeString(below, "x"), below + ": cannot write: ", "plain is in the way");
    }
}
