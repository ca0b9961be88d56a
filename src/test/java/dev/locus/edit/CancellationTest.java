package dev.locus.edit;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import dev.locus.data.Dataset;
import dev.locus.data.EditTargets;
import dev.locus.data.Fact;
import dev.locus.data.Formats;
import dev.locus.data.PromptFormat;
import dev.locus.data.SportsFactsCsv;
import dev.locus.data.ForgetSpec;
import dev.locus.data.Split;
import dev.locus.localize.HandBuiltModel;
import dev.locus.localize.Localization;
import dev.locus.localize.Progress;
import dev.locus.model.ComponentSet;
import dev.locus.model.Engines;
import dev.locus.model.LocusModel;
import dev.locus.model.TinyModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancelling an edit, a weight-masking edit, a relearning attack or causal tracing at a random moment (as the workbench does, by
 * interrupting the model thread) leaves the loaded model as it was, frees every array the job made, and the next
 * job runs normally.
 */
class CancellationTest {
    @TempDir
    Path tmp;

    @Test
    void cancellingJobsAtRandomMomentsLeavesTheModelAndMemoryAsTheyWere() throws Exception {
        HandBuiltModel built = HandBuiltModel.write(tmp.resolve("hand"), 7);
        ExecutorService modelThread = Executors.newSingleThreadExecutor();
        try (LocusModel model = LocusModel.load(built.modelDir(), Device.cpu())) {
            Dataset data = SportsFactsCsv.read(built.dataCsv()).withFormats(Formats.read(built.formatFile()));
            PromptFormat format = data.format("standard");
            List<Fact> forget = EditTargets.randomOther(data.facts().subList(0, 8), data.attributes(), 1);
            EditTask task = EditTask.of(model, format, forget, data.facts().subList(8, 48), List.of("athlete Zorn"), false);
            ComponentSet set = ComponentSet.of(model.components(), List.of("L1.mlp", "L2.H1"));
            FineTuneSettings s = FineTuneSettings.DEFAULTS.withSteps(40).withBatch(32).withLr(0.01).withGeneralCoef(0.1)
                    .withWeightDecay(0.01).withWarmup(2).withEvalEvery(10).withSeed(3);
            RelearningAttack.Settings attack = RelearningAttack.Settings.DEFAULTS.withMode(RelearningAttack.Mode.LORA)
                    .withRank(4).withAlpha(8).withLr(1e-3).withSteps(30).withEvalEvery(10).withBatch(16).withSeed(3);
            float[] before = model.logits(1, 4, 9);
            Split split = Split.of(data, ForgetSpec.parse("first:8"));
            List<java.util.concurrent.Callable<Object>> jobs = List.of(
                    () -> {
                        try (LocusModel edited = EditedModels.copy(model, set)) {
                            LocalizedFineTune.run(edited, set, task, s, new LocalizedFineTune.Listener() { });
                        }
                        return "edit";
                    },
                    () -> {
                        WeightMasking.run(model, set, task, s, 1.0, new LocalizedFineTune.Listener() { }).model().close();
                        return "mask";
                    },
                    () -> {
                        try (LocusModel edited = EditedModels.copy(model, set)) {
                            RelearningAttack.run(edited, task, attack, (step, attacked) -> { });
                        }
                        return "relearn";
                    },
                    () -> Localization.run(model, data, format, split, new Localization.Request("causal-tracing", null,
                            null, false, false, 1, 1, 8, 0, new int[] {1, 1}, null, null), Progress.NONE).request().method());
            // Once each to the end: warm up, and the baseline of live arrays after a finished job.
            for (var job : jobs) {
                modelThread.submit(() -> {
                    Engines.start();
                    return job.call();
                }).get(120, TimeUnit.SECONDS);
            }
            int baseline = modelThread.submit(TinyModels::liveArrays).get();
            Random random = new Random(11);
            int cancelled = 0;
            for (int i = 0; i < 32; i++) {
                var job = jobs.get(i % jobs.size());
                java.util.concurrent.atomic.AtomicReference<Object> outcome = new java.util.concurrent.atomic.AtomicReference<>();
                Future<?> f = modelThread.submit(() -> {
                    try {
                        outcome.set(job.call());
                    } catch (Throwable e) {
                        outcome.set(e);
                    }
                });
                Thread.sleep(random.nextInt(120));
                f.cancel(true);
                // the next job waits for the cancelled one to unwind
                assertEquals(baseline, (int) modelThread.submit(TinyModels::liveArrays).get(120, TimeUnit.SECONDS),
                        "live arrays after cancel " + i + " (" + outcome.get() + ")");
                Object o = outcome.get();
                if (o instanceof Throwable t) {
                    assertInstanceOf(CancellationException.class, t, "cancel " + i + ": only cancellation, nothing else");
                    cancelled++;
                }
            }
            assertTrue(cancelled >= 16, "most jobs were stopped mid-way: " + cancelled);
            assertArrayEquals(before, modelThread.submit(() -> model.logits(1, 4, 9)).get(), 0f, "the model is as it was");
            assertEquals("edit", modelThread.submit(jobs.get(0)).get(120, TimeUnit.SECONDS), "and still edits");
        } finally {
            modelThread.shutdownNow();
        }
    }
}
