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
                    () -> MemoryBudget.checkEdit(m.config(), Device.cpu(), flu, 128, 17, 13));
            // 16 x 393,216 bytes = 6.3 MB (copy, gradient, two moments); activations of 128 prompts x 17 tokens in 8
            // layers: 213.8 MB, twice (forget, maintain), plus 128 general lines x 13 tokens: 161.7 MB
            assertEquals("the edit needs about 595.6 MB (6.3 MB for the trained weights, their gradients and optimizer"
                    + " state, 589.3 MB for a training step: forget and maintain batches of 128 prompts of 17 tokens, and"
                    + " 128 general lines of 13 tokens), more than the 100.0 MB this machine has free; lower the batch or"
                    + " train fewer components", e.getMessage());
            // 32 prompts: 4.7 + 53.4 MB counted one batch at 12 bytes a parameter, 153.6 MB counted as it is
            assertThrows(LocusException.class, () -> MemoryBudget.checkEdit(m.config(), Device.cpu(), flu, 32, 17, 13));
            MemoryBudget.checkEdit(m.config(), Device.cpu(), flu, 16, 17, 13); // 79.9 MB: fits
        }
    }

    @Test
    void aTrainedParameterCostsSixteenBytesAndAStepHoldsThreeBatches() {
        try (LocusModel m = LocusModel.load(Bundled.sportsWorld(), Device.cpu())) {
            assertEquals(16, MemoryBudget.TRAINED_PARAMETER_BYTES);
            long one = MemoryBudget.activationBytes(m.config(), 8, 17);
            assertEquals(2 * one + MemoryBudget.activationBytes(m.config(), 8, 100),
                    MemoryBudget.stepActivationBytes(m.config(), 8, 17, 100));
            // a million trained parameters and nothing else: 16 MB is refused at 15.9 MB free, fits at 16.1 MB
            long noActivations = 1_000_000 - MemoryBudget.stepActivationBytes(m.config(), 1, 1, 1) / 16;
            System.setProperty("locus.memory.available", "15900000");
            assertThrows(LocusException.class, () -> MemoryBudget.checkEdit(m.config(), Device.cpu(), noActivations, 1, 1, 1));
            System.setProperty("locus.memory.available", "16100000");
            MemoryBudget.checkEdit(m.config(), Device.cpu(), noActivations, 1, 1, 1);
        }
    }

    @Test
    void theTrainingBatchCountsBeforeLoading() {
        System.setProperty("locus.memory.available", "100000000");
        LocusException e = assertThrows(LocusException.class, () -> LocusModel.load(Bundled.sportsWorld(), Device.cpu(),
                DataType.FLOAT32, new MemoryBudget.Workload(128, 17, 13)));
        // weights 8.9 MB + 10% + 32 MiB = 43.3 MB; activations of the step's three batches as in the edit above: 589.3 MB
        assertEquals(Bundled.sportsWorld() + ": needs about 632.6 MB (43.3 MB for its weights in float32 (2,219,904"
                + " parameters), and 589.3 MB for a training step: forget and maintain batches of 128 prompts of 17"
                + " tokens, and 128 general lines of 13 tokens), more than the 100.0 MB this machine has free; lower the"
                + " batch, close other programs, or use a machine with more memory or a GPU", e.getMessage());
        try (LocusModel m = LocusModel.load(Bundled.sportsWorld(), Device.cpu(), DataType.FLOAT32,
                new MemoryBudget.Workload(8, 17, 13))) {
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
                    () -> MemoryBudget.checkEdit(m.config(), Device.gpu(), 393_216, 128, 17, 13));
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
