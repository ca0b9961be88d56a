package dev.locus.edit;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import dev.locus.CancelPoint;
import dev.locus.data.Dataset;
import dev.locus.data.EditTargets;
import dev.locus.data.Fact;
import dev.locus.data.ForgetSpec;
import dev.locus.data.PromptFormat;
import dev.locus.data.Split;
import dev.locus.data.files.FormatFiles;
import dev.locus.data.files.SportsFactsCsv;
import dev.locus.localize.HandBuiltModel;
import dev.locus.localize.Localization;
import dev.locus.model.Engines;
import dev.locus.model.LocusModel;
import dev.locus.model.TinyModels;
import dev.locus.model.component.ComponentSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancelling an edit, a weight-masking edit, a relearning attack or causal tracing (as the workbench does, by
 * interrupting the model thread) at known points spread over each job (an edit or masking step, a relearning
 * evaluation, a tracing pass; {@link CancelPoint}) stops it there with a CancellationException, leaves the loaded
 * model as it was, frees every array the job made, and the next job runs normally.
 */
class CancellationTest {
    @TempDir
    Path tmp;

    /** A job that calls {@link CancelPoint#tick()} at each of its points. */
    private interface Job {
        Object run(CancelPoint point) throws Exception;
    }

    /**
     * @param trailing how many of the job's last points come after its last check for a cancel (a cancel there is
     *     too late to stop it)
     */
    private record Kind(String name, Job job, int trailing) {
    }

    @Test
    void cancellingJobsAtKnownPointsLeavesTheModelAndMemoryAsTheyWere() throws Exception {
        HandBuiltModel built = HandBuiltModel.write(tmp.resolve("hand"), 7);
        ExecutorService modelThread = Executors.newSingleThreadExecutor();
        try (LocusModel model = LocusModel.load(built.modelDir(), Device.cpu())) {
            Dataset data = SportsFactsCsv.read(built.dataCsv()).withFormats(FormatFiles.read(built.formatFile()));
            PromptFormat format = data.format("standard");
            List<Fact> forget = EditTargets.randomOther(data.facts().subList(0, 8), data.attributes(), 1);
            EditTask task = EditTask.of(model, format, forget, data.facts().subList(8, 48), List.of("athlete Zorn"), false);
            ComponentSet set = ComponentSet.of(model.components(), List.of("L1.mlp", "L2.H1"));
            // Short jobs: each cancel runs its job up to its point, and the points spread over the whole job.
            FineTuneSettings s = FineTuneSettings.DEFAULTS.withSteps(12).withBatch(32).withLr(0.01).withGeneralCoef(0.1)
                    .withWeightDecay(0.01).withWarmup(2).withEvalEvery(10).withSeed(3);
            RelearningAttack.Settings attack = RelearningAttack.Settings.DEFAULTS.withMode(RelearningAttack.Mode.LORA)
                    .withRank(4).withAlpha(8).withLr(1e-3).withSteps(12).withEvalEvery(2).withBatch(16).withSeed(3);
            float[] before = model.logits(1, 4, 9);
            Split split = Split.of(data, ForgetSpec.parse("first:8"));
            List<Kind> kinds = List.of(
                    new Kind("edit", point -> {
                        try (LocusModel edited = EditedModels.copy(model, set)) {
                            LocalizedFineTune.run(edited, set, task, s, steps(point));
                        }
                        return "edit";
                    }, 1),
                    new Kind("mask", point -> {
                        WeightMasking.run(model, set, task, s, new WeightMasking.Mask(1.0, 15, s.lr()), steps(point)).model().close();
                        return "mask";
                    }, 1),
                    new Kind("relearn", point -> {
                        try (LocusModel edited = EditedModels.copy(model, set)) {
                            RelearningAttack.run(edited, task, attack, (step, attacked) -> point.tick());
                        }
                        return "relearn";
                    }, 1),
                    // a pass's progress comes after it; the last pass's, and the 'all done', after the last check
                    new Kind("causal-tracing", point -> Localization.run(model, data, format, split,
                            Localization.Request.of(Localization.Method.CAUSAL_TRACING).withIgSteps(1)
                                    .withPrompts(8).withFluLayers(new int[] {1, 1}), (stage, done, total) -> point.tick())
                            .request().method().text(), 2));
            // Once each to the end: warm up, count each job's points, and the baseline of live arrays after a
            // finished job.
            List<Integer> points = new ArrayList<>();
            for (Kind kind : kinds) {
                CancelPoint count = CancelPoint.never();
                assertEquals(kind.name(), modelThread.submit(() -> {
                    Engines.start();
                    return kind.job().run(count);
                }).get(120, TimeUnit.SECONDS));
                points.add(count.ticks());
            }
            int baseline = modelThread.submit(TinyModels::liveArrays).get();
            // 8 cancels per job, spread over the points where it still checks, in the order edit, mask, relearn,
            // tracing, edit, ...
            Random random = new Random(11);
            List<List<Integer>> at = new ArrayList<>();
            for (int j = 0; j < kinds.size(); j++) {
                at.add(CancelPoint.spread(random, 8, 0, points.get(j) - kinds.get(j).trailing()));
            }
            for (int i = 0; i < 32; i++) {
                Kind kind = kinds.get(i % kinds.size());
                int k = at.get(i % kinds.size()).get(i / kinds.size());
                String where = "cancel " + i + ": " + kind.name() + " at point " + k + " of " + points.get(i % kinds.size());
                CancelPoint point = CancelPoint.at(k);
                AtomicReference<Object> outcome = new AtomicReference<>();
                Future<?> f = modelThread.submit(() -> {
                    try {
                        outcome.set(kind.job().run(point));
                    } catch (Throwable e) {
                        outcome.set(e);
                    }
                });
                point.awaitReached();
                f.cancel(true);
                // the next job waits for the cancelled one to unwind
                assertEquals(baseline, (int) modelThread.submit(TinyModels::liveArrays).get(120, TimeUnit.SECONDS),
                        "live arrays after " + where + " (" + outcome.get() + ")");
                assertTrue(point.interruptedThere(), where + ": the cancel reached the job there");
                assertInstanceOf(CancellationException.class, outcome.get(), where + ": stopped, by the cancel only");
            }
            System.out.printf("edit cancel: points per job %s, cancelled at %s%n", points, at);
            assertArrayEquals(before, modelThread.submit(() -> model.logits(1, 4, 9)).get(), 0f, "the model is as it was");
            assertEquals("edit", modelThread.submit(() -> kinds.get(0).job().run(CancelPoint.never()))
                    .get(120, TimeUnit.SECONDS), "and still edits");
        } finally {
            modelThread.shutdownNow();
        }
    }

    private static LocalizedFineTune.Listener steps(CancelPoint point) {
        return new LocalizedFineTune.Listener() {
            @Override
            public void step(int step, int total, double forget, double maintain, double general, double seconds) {
                point.tick();
            }
        };
    }
}
