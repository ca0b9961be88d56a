package dev.locus.model;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.locus.core.LocusException;
import dev.locus.model.budget.Estimate;
import dev.locus.model.budget.Estimator;
import dev.locus.model.component.ComponentSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Work that will not fit is refused before it starts, by stage, with the estimator's numbers and what to lower. */
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
        // 2,219,904 parameters x 8 bytes = 17.8 MB, + the loader's scratch (the largest tensor in float32, 128 x 512 x 4)
        // + 32 MiB headroom = 51.6 MB
        assertEquals(Bundled.sportsWorld() + ": loading 2,219,904 parameters in float64 needs about 51.6 MB (weights"
                + " 51.6 MB), more than the 20.0 MB this machine has free; compute in float16 (--dtype float16), close"
                + " other programs, or use a GPU (--device gpu)", e.getMessage());
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
            Estimator.Batch batch = new Estimator.Batch(128, 0, 17, 13);
            Estimate e = new Estimator(m.config(), 0, 4).edit("", flu, batch, 1);
            long need = e.peakBytes() - e.weightBytes();
            System.setProperty("locus.memory.available", Long.toString(need - 1));
            LocusException refused = assertThrows(LocusException.class,
                    () -> MemoryBudget.checkEdit(m.config(), Device.cpu(), flu, 128, 17, 13));
            assertEquals("the edit needs about " + MemoryBudget.size(need) + " (trained weights with gradients and"
                    + " optimizer state 6.3 MB, activations " + MemoryBudget.size(e.activationBytes()) + ", logits and"
                    + " their gradients " + MemoryBudget.size(e.logitBytes()) + "; batches of 128 prompts of 17 tokens"
                    + " and general lines of 13 tokens), more than the " + MemoryBudget.size(need - 1) + " this machine"
                    + " has free; lower micro_batch or batch, or train fewer components, compute in float16 (--dtype"
                    + " float16), close other programs, or use a GPU (--device gpu)", refused.getMessage());
            System.setProperty("locus.memory.available", Long.toString(need));
            MemoryBudget.checkEdit(m.config(), Device.cpu(), flu, 128, 17, 13);   // exactly enough: fits
            // a micro-batch of 16 fits where the whole batch of 128 does not
            System.setProperty("locus.memory.available", Long.toString(need / 4));
            MemoryBudget.checkEdit(m.config(), Device.cpu(), 4, flu, new Estimator.Batch(128, 16, 17, 13));
        }
    }

    @Test
    void aTrainedParameterCostsSixteenBytesInFloat32AndAStepHoldsThreeBatches() {
        try (LocusModel m = LocusModel.load(Bundled.sportsWorld(), Device.cpu())) {
            Estimator est = new Estimator(m.config(), 0, 4);
            assertEquals(16, est.trainedBytesPerParameter());
            Estimate step = est.edit("", 1_000_000, new Estimator.Batch(8, 0, 17, 100), 1);
            assertEquals(2 * est.activationBytes(8, 17) + est.activationBytes(8, 100), step.activationBytes());
            assertEquals((2L * 8 + 8 * 100) * 471 * 16, step.logitBytes(), "prompts: the last position; text: all");
            assertEquals(16_000_000, step.trainedBytes());
        }
    }

    @Test
    void theTrainingBatchCountsBeforeLoading() {
        System.setProperty("locus.memory.available", "100000000");
        LocusException e = assertThrows(LocusException.class, () -> LocusModel.load(Bundled.sportsWorld(), Device.cpu(),
                DataType.FLOAT32, new MemoryBudget.Workload(512, 17, 13)));
        assertTrue(e.getMessage().startsWith(Bundled.sportsWorld() + ": loading 2,219,904 parameters in float32 for a"
                + " run needs about "), e.getMessage());
        assertTrue(e.getMessage().contains("and a training step: batches of 512 prompts of 17 tokens and general lines"
                + " of 13 tokens), more than the 100.0 MB this machine has free; lower micro_batch or batch,"), e.getMessage());
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
        assertEquals(Bundled.sportsWorld() + ": loading 2,219,904 parameters in float32 needs about 42.7 MB (weights"
                + " 42.7 MB), more than the 20.0 MB the GPU (gpu(0)) has free; compute in float16 (--dtype float16), free"
                + " the GPU of other work, or use the CPU (--device cpu)", e.getMessage());
        try (LocusModel m = LocusModel.load(Bundled.sportsWorld(), Device.cpu())) {
            LocusException edit = assertThrows(LocusException.class,
                    () -> MemoryBudget.checkEdit(m.config(), Device.gpu(), 393_216, 128, 17, 13));
            assertTrue(edit.getMessage().contains("more than the 20.0 MB the GPU (gpu(0)) has free; lower micro_batch"),
                    edit.getMessage());
        }
    }

    @Test
    void localizingAndRelearningAreRefusedBeforeTheyStartNamingTheStage() {
        try (LocusModel m = LocusModel.load(Bundled.sportsWorld(), Device.cpu())) {
            dev.locus.data.Dataset data = dev.locus.data.files.DatasetFiles.load("demo", null, null);
            dev.locus.data.Split split = dev.locus.data.Split.of(data, dev.locus.data.ForgetSpec.first(16));
            dev.locus.data.PromptFormat format = data.format("standard");
            System.setProperty("locus.memory.available", "1000");
            LocusException loc = assertThrows(LocusException.class, () -> dev.locus.localize.Localization.run(m, data,
                    format, split, dev.locus.localize.Localization.Request.of(
                            dev.locus.localize.Localization.Method.ATTRIBUTION_PATCHING).withFluLayers(new int[] {2, 4}),
                    dev.locus.localize.method.Progress.NONE));
            assertTrue(loc.getMessage().startsWith("localizing by attribution-patching needs about "), loc.getMessage());
            assertTrue(loc.getMessage().contains("16 prompts of "), loc.getMessage());
            assertTrue(loc.getMessage().contains("; lower the number of prompts (--prompts), compute in float16"),
                    loc.getMessage());
            dev.locus.edit.EditTask task = dev.locus.edit.EditTask.of(m, format, split.forget(), split.maintainTrain(),
                    java.util.List.of("athlete Zorn plays"), true);
            int[] evaluated = {0};
            LocusException relearn = assertThrows(LocusException.class, () -> dev.locus.edit.RelearningAttack.run(m,
                    task, dev.locus.edit.RelearningAttack.Settings.DEFAULTS, (step, attacked) -> evaluated[0]++));
            assertTrue(relearn.getMessage().startsWith("the relearning attack (LoRA rank 16, batches of 32 prompts of "),
                    relearn.getMessage());
            assertTrue(relearn.getMessage().contains("; lower micro_batch, batch or rank, compute in float16"),
                    relearn.getMessage());
            assertEquals(0, evaluated[0], "refused before its first evaluation");
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
