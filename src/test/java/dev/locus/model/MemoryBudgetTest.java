package dev.locus.model;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.locus.core.LocusException;
import dev.locus.model.component.ComponentSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A model that will not fit is refused before loading, with the numbers; one that fits loads. */
class MemoryBudgetTest {
    @AfterEach
    void clear() {
        System.clearProperty("locus.memory.available");
        System.clearProperty("locus.gpu.memory.available");
    }

    @Test
    void aModelTooLargeForTheMachineIsRefusedBeforeLoadingWithTheNumbers() {
        System.setProperty("locus.memory.available", "20000000"); // 20 MB free
        LocusException e = assertThrows(LocusException.class,
                () -> LocusModel.load(Bundled.sportsWorld(), Device.cpu(), DataType.FLOAT64));
        // 2,219,904 parameters x 8 bytes = 17.8 MB, + 10% + 32 MiB headroom = 53.1 MB
        assertEquals(Bundled.sportsWorld() + ": needs about 53.1 MB for its weights in float64 (2,219,904 parameters),"
                + " more than the 20.0 MB this machine has free; close other programs, or use a machine with more"
                + " memory or a GPU", e.getMessage());
    }

    @Test
    void aModelThatFitsLoads() {
        System.setProperty("locus.memory.available", "60000000");
        try (LocusModel m = LocusModel.load(Bundled.sportsWorld(), Device.cpu())) {
            assertEquals(8, m.config().nLayers());
        }
    }

    @Test
    void anEditTooLargeForTheMachineIsRefusedWithItsParts() {
        try (LocusModel m = LocusModel.load(Bundled.sportsWorld(), Device.cpu())) {
            long flu = ComponentSet.of(m.components(), java.util.List.of("L0.mlp", "L1.mlp")).parameterCount(m.components());
            System.setProperty("locus.memory.available", "100000000");
            LocusException e = assertThrows(LocusException.class,
                    () -> MemoryBudget.checkEdit(m.config(), Device.cpu(), flu, 128, 17));
            // 3 x 393,216 x 4 bytes = 4.7 MB; activations of 128 prompts x 17 tokens in 8 layers: 213.8 MB
            assertEquals("the edit needs about 218.5 MB (4.7 MB for the trained weights and their optimizer state, 213.8 MB"
                    + " for a batch of 128 prompts of 17 tokens), more than the 100.0 MB this machine has free; lower the"
                    + " batch or train fewer components", e.getMessage());
            MemoryBudget.checkEdit(m.config(), Device.cpu(), flu, 16, 17); // a smaller batch fits
        }
    }

    @Test
    void theTrainingBatchCountsBeforeLoading() {
        System.setProperty("locus.memory.available", "100000000");
        LocusException e = assertThrows(LocusException.class, () -> LocusModel.load(Bundled.sportsWorld(), Device.cpu(),
                DataType.FLOAT32, new MemoryBudget.Workload(128, 17)));
        // weights 8.9 MB + 10% + 32 MiB = 43.3 MB; activations as in the edit below: 213.8 MB
        assertEquals(Bundled.sportsWorld() + ": needs about 257.1 MB (43.3 MB for its weights in float32 (2,219,904"
                + " parameters), and 213.8 MB for a training batch of 128 prompts of 17 tokens), more than the 100.0 MB"
                + " this machine has free; lower the batch, close other programs, or use a machine with more memory or"
                + " a GPU", e.getMessage());
        try (LocusModel m = LocusModel.load(Bundled.sportsWorld(), Device.cpu(), DataType.FLOAT32,
                new MemoryBudget.Workload(8, 17))) {
            assertEquals(8, m.config().nLayers(), "a small batch fits");
        }
    }

    @Test
    void aGpuTooSmallIsRefusedBeforeAnythingIsCopiedToIt() {
        // No GPU here: the GPU's free memory is set, and the check comes before any tensor reaches the device.
        System.setProperty("locus.gpu.memory.available", "20000000");
        LocusException e = assertThrows(LocusException.class,
                () -> LocusModel.load(Bundled.sportsWorld(), Device.gpu(), DataType.FLOAT32));
        assertEquals(Bundled.sportsWorld() + ": needs about 43.3 MB for its weights in float32 (2,219,904 parameters),"
                + " more than the 20.0 MB the GPU (gpu(0)) has free; free the GPU of other work, or use the CPU"
                + " (--device cpu)", e.getMessage());
        try (LocusModel m = LocusModel.load(Bundled.sportsWorld(), Device.cpu())) {
            LocusException edit = assertThrows(LocusException.class,
                    () -> MemoryBudget.checkEdit(m.config(), Device.gpu(), 393_216, 128, 17));
            assertTrue(edit.getMessage().endsWith("more than the 20.0 MB the GPU (gpu(0)) has free; lower the batch or"
                    + " train fewer components"), edit.getMessage());
        }
    }

    @Test
    void theMachinesFreeMemoryIsRead() {
        long free = MemoryBudget.availableBytes();
        assertTrue(free > 100_000_000L && free < Runtime.getRuntime().maxMemory() * 1000, "free: " + free);
        assertEquals("8.9 MB", MemoryBudget.size(8_879_616));
        assertEquals("34.1 GB", MemoryBudget.size(34_100_000_000L));
    }
}
