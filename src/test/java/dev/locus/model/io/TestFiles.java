package dev.locus.model.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.locus.core.LocusException;
import dev.locus.reference.Python;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.function.Executable;

/** Helpers shared by the io tests: hand-made files, buffer access, message assertions, and running Python. */
final class TestFiles {
    private TestFiles() {
    }

    /** A safetensors file with exactly this header text (no padding) and data section. */
    static Path raw(Path file, String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return raw(file, h.length, h, data);
    }

    /** A safetensors file whose length field may lie about the header. */
    static Path raw(Path file, long lengthField, byte[] header, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(lengthField).put(header).put(data);
        return write(file, b.array());
    }

    static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static float[] floats(ByteBuffer b) {
        float[] out = new float[b.remaining() / 4];
        b.duplicate().order(b.order()).asFloatBuffer().get(out);
        return out;
    }

    static byte[] littleEndianFloats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    /** Runs code that must fail with a LocusException whose message contains every fragment; returns it. */
    static LocusException assertLocus(Executable code, String... fragments) {
        LocusException e = assertThrows(LocusException.class, code);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message lacks '" + f + "': " + e.getMessage());
        }
        assertTrue(e.getMessage().lines().count() == 1, () -> "message is not one line: " + e.getMessage());
        return e;
    }

    /** Whether python3 can import the module; used to skip interop tests on machines without it. */
    static boolean pythonHas(String module) {
        return Python.has(module);
    }

    /** Runs python3 -c script with arguments; a python3 that hangs fails the test. */
    static Python.Result python(String script, String... args) {
        Python.Result r = Python.run(script, args);
        if (r.exitCode() == Python.TIMED_OUT) {
            fail("python3 did not finish");
        }
        return r;
    }
}
