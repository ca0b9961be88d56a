package dev.locus.model;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import dev.locus.reference.TinyCheckpoint;
import dev.locus.reference.TinyCheckpoint.Arch;
import dev.locus.model.io.SafetensorsCheckpoint;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading leaves no per-tensor buffer behind for the garbage collector: direct buffers are freed only when a
 * collection runs, so one per tensor piled up to twice the weights' size on a 1B model. One reused scratch buffer
 * (and the JDK's one cached read buffer) is all a load may add to the direct-buffer pool.
 */
class LoadingMemoryTest {
    @TempDir
    Path tmp;

    @Test
    void loadingAddsAtMostTwoDirectBuffers() {
        TinyCheckpoint.Model ckpt = TinyCheckpoint.builder(Arch.LLAMA).dtype("BF16").sharded(true).nLayers(4)
                .write(tmp.resolve("model"));
        Engines.start();
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct")).findFirst().orElseThrow();
        try (LocusModel model = LocusModel.load(ckpt.dir(), Device.cpu());
             SafetensorsCheckpoint files = SafetensorsCheckpoint.open(ckpt.dir())) {
            int tensors = model.components().specs().size();
            assertTrue(tensors > 20, "enough tensors to tell: " + tensors);
            for (ComputeType type : new ComputeType[] {ComputeType.FLOAT32, ComputeType.FLOAT16}) {
                long before = direct.getCount();
                try (ModelWeights w = CheckpointLoader.load(files, model.components().specs(), Device.cpu(),
                        type.dataType())) {
                    long added = direct.getCount() - before;
                    assertTrue(added <= 2, type + ": loading " + tensors + " parameters left " + added
                            + " direct buffers");
                    assertEquals(type.dataType(), w.get(w.names().iterator().next()).getDataType());
                }
            }
        }
    }
}
