package dev.locus.model;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import dev.locus.reference.TinyCheckpoint;
import dev.locus.reference.TinyCheckpoint.Arch;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loaded weights must own their memory. An array made from a Java direct buffer only borrows it; if the
 * loader kept such an alias, the weights would change once the garbage collector frees the buffer and the
 * memory is reused (found the hard way: evaluations turned to NaN after a few hundred batches).
 */
class LoadedWeightsLifetimeTest {
    @TempDir
    Path tmp;

    @Test
    void weightsSurviveGarbageCollectionAndMemoryReuse() {
        TinyCheckpoint.builder(Arch.LLAMA).dtype("BF16").write(tmp);
        try (LocusModel model = LocusModel.load(tmp, Device.cpu())) {
            float[] before = model.logits(3, 1, 4, 1, 5);
            for (int round = 0; round < 5; round++) {
                System.gc();
                List<ByteBuffer> junk = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    ByteBuffer b = ByteBuffer.allocateDirect(4096 * (1 + i % 8));
                    while (b.hasRemaining()) {
                        b.put((byte) 0x7f);
                    }
                    junk.add(b);
                }
                junk.clear();
            }
            assertArrayEquals(before, model.logits(3, 1, 4, 1, 5), 0f);
        }
    }
}
