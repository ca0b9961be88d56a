package dev.locus.edit;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import dev.locus.data.Dataset;
import dev.locus.data.EditTargets;
import dev.locus.data.Fact;
import dev.locus.data.PromptFormat;
import dev.locus.data.files.FormatFiles;
import dev.locus.data.files.SportsFactsCsv;
import dev.locus.eval.FormatScore;
import dev.locus.eval.FormatScorer;
import dev.locus.eval.LatentProbes;
import dev.locus.localize.HandBuiltModel;
import dev.locus.model.LocusModel;
import dev.locus.model.component.ComponentSet;
import dev.locus.model.config.ParamNames;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Edits on the hand-built model, where layer 1's MLP alone holds each athlete's sport. */
class EditTest {
    @TempDir
    static Path tmp;
    static LocusModel model;
    static PromptFormat format;
    static List<Fact> forget;
    static List<Fact> maintain;
    static List<String> general = List.of("athlete Zorn", "athlete Quill athlete");

    @BeforeAll
    static void load() {
        HandBuiltModel built = HandBuiltModel.write(tmp.resolve("hand"), 7);
        model = LocusModel.load(built.modelDir(), Device.cpu());
        Dataset data = SportsFactsCsv.read(built.dataCsv()).withFormats(FormatFiles.read(built.formatFile()));
        format = data.format("standard");
        forget = EditTargets.randomOther(data.facts().subList(0, 8), data.attributes(), 1);
        maintain = data.facts().subList(8, 48);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static FineTuneSettings settings(boolean unlearn, int steps, double lr) {
        return FineTuneSettings.DEFAULTS.withUnlearn(unlearn).withSteps(steps).withBatch(64).withLr(lr).withGeneralCoef(0.1)
                .withSeed(3);
    }

    @Test
    void fineTuningTheLookupMlpEditsTheFactsOnACopyAndLeavesTheModelAlone() {
        float[] before = model.logits(1, 4, 9);
        ComponentSet set = ComponentSet.of(model.components(), List.of("L1.mlp"));
        EditTask task = EditTask.of(model, format, forget, maintain, general, false);
        try (LocusModel edited = EditedModels.copy(model, set)) {
            LocalizedFineTune.run(edited, set, task, settings(false, 40, 0.02), new LocalizedFineTune.Listener() { });
            FormatScore f = new FormatScorer(edited).score(format, forget);
            assertTrue(f.editAccuracy() >= 0.75 && f.accuracy() <= 0.25, "edited: " + f);
            assertTrue(new FormatScorer(edited).score(format, maintain).accuracy() >= 0.9, "others kept");
            for (String p : List.of(ParamNames.wQkv(1), ParamNames.wOut(0), ParamNames.EMBED)) {
                assertSame(model.transformer().weights().get(p), edited.transformer().weights().get(p), p + " is shared, untouched");
            }
            assertNotSame(model.transformer().weights().get(ParamNames.wOut(1)), edited.transformer().weights().get(ParamNames.wOut(1)));
            Path saved = tmp.resolve("edited");
            EditedModels.save(edited, saved);
            try (LocusModel reloaded = LocusModel.load(saved, Device.cpu())) {
                assertArrayEquals(edited.logits(1, 4, 9), reloaded.logits(1, 4, 9), 1e-5f, "the saved folder is the edited model");
            }
        }
        assertArrayEquals(before, model.logits(1, 4, 9), 0f, "the loaded model never changes");
        assertEquals(1.0, new FormatScorer(model).score(format, forget).argmaxAccuracy());
    }

    @Test
    void aHeadTrainsOnlyItsOwnSlices() {
        ComponentSet set = ComponentSet.of(model.components(), List.of("L2.H1"));
        EditTask task = EditTask.of(model, format, forget, maintain, general, false);
        try (LocusModel edited = EditedModels.copy(model, set)) {
            float[] qkv0 = model.transformer().weights().get(ParamNames.wQkv(2)).toFloatArray();
            float[] o0 = model.transformer().weights().get(ParamNames.wO(2)).toFloatArray();
            // with weight decay on, which must not reach the frozen slices either
            LocalizedFineTune.run(edited, set, task, settings(false, 3, 0.01).withWeightDecay(0.1),
                    new LocalizedFineTune.Listener() { });
            float[] qkv = edited.transformer().weights().get(ParamNames.wQkv(2)).toFloatArray();
            float[] o = edited.transformer().weights().get(ParamNames.wO(2)).toFloatArray();
            int d = 64;
            int dh = 16;
            int cols = qkv.length / d;                 // q (4 heads) + k, v (2 kv heads)
            for (int c = 0; c < cols; c++) {
                boolean mine = c >= dh && c < 2 * dh                        // q of head 1
                        || c >= 64 && c < 64 + dh || c >= 96 && c < 96 + dh; // k, v of its kv head 0
                boolean changed = false;
                for (int r = 0; r < d; r++) {
                    changed |= qkv[r * cols + c] != qkv0[r * cols + c];
                }
                assertEquals(mine, changed, "column " + c + " of W_QKV");
            }
            for (int r = 0; r < o.length / d; r++) {
                boolean changed = false;
                for (int c = 0; c < d; c++) {
                    changed |= o[r * d + c] != o0[r * d + c];
                }
                assertEquals(r >= dh && r < 2 * dh, changed, "row " + r + " of W_O");
            }
        }
    }

    @Test
    void aSingleMatrixTrainsOnlyThatMatrix() {
        // the lookup MLP's up projection, L1.mlp.W_in: columns 64..127 of the fused [gate | up] W_in
        ComponentSet set = ComponentSet.of(model.components(), List.of("L1.mlp.W_in", "L2.attn.W_V"));
        EditTask task = EditTask.of(model, format, forget, maintain, general, false);
        try (LocusModel edited = EditedModels.copy(model, set)) {
            float[] in0 = model.transformer().weights().get(ParamNames.wIn(1)).toFloatArray();
            float[] qkv0 = model.transformer().weights().get(ParamNames.wQkv(2)).toFloatArray();
            LocalizedFineTune.run(edited, set, task, settings(false, 3, 0.01).withWeightDecay(0.1),
                    new LocalizedFineTune.Listener() { });
            assertColumnsChanged(in0, edited.transformer().weights().get(ParamNames.wIn(1)).toFloatArray(), 64, 64, 128);
            // W_QKV of layer 2: q 0..63, k 64..95, v 96..127
            assertColumnsChanged(qkv0, edited.transformer().weights().get(ParamNames.wQkv(2)).toFloatArray(), 64, 96, 128);
            for (String p : List.of(ParamNames.wOut(1), ParamNames.wO(2), ParamNames.wQkv(1), ParamNames.wIn(2))) {
                assertSame(model.transformer().weights().get(p), edited.transformer().weights().get(p), p + " is untouched");
            }
        }
    }

    /** Exactly the columns {@code [from, to)} of a {@code [d, cols]} matrix differ between before and after. */
    private static void assertColumnsChanged(float[] before, float[] after, int d, int from, int to) {
        int cols = before.length / d;
        for (int c = 0; c < cols; c++) {
            boolean changed = false;
            for (int r = 0; r < d; r++) {
                changed |= before[r * cols + c] != after[r * cols + c];
            }
            assertEquals(c >= from && c < to, changed, "column " + c);
        }
    }

    @Test
    void unlearningLowersTheTrueAnswerAndMaskingReportsItsSize() {
        ComponentSet set = ComponentSet.of(model.components(), List.of("L1.mlp"));
        EditTask task = EditTask.of(model, format, forget, maintain, general, true);
        try (LocusModel edited = EditedModels.copy(model, set)) {
            LocalizedFineTune.run(edited, set, task, settings(true, 30, 0.02), new LocalizedFineTune.Listener() { });
            assertTrue(new FormatScorer(edited).score(format, forget).accuracy() < 0.5, "unlearned");
        }
        WeightMasking.Result masked = WeightMasking.run(model, set, task, settings(true, 30, 0.02), new WeightMasking.Mask(0.05, 9, 2.0),
                new LocalizedFineTune.Listener() { });
        try (LocusModel m = masked.model()) {
            WeightMasking.EditSize size = masked.size();
            assertEquals(3L * 64 * 64, size.weights());
            assertTrue(size.moved() > 0 && size.moved() < size.weights(), size.toString());
            assertTrue(new FormatScorer(m).score(format, forget).accuracy() < 0.6, "masking removes the facts: " + size);
            assertTrue(new FormatScorer(m).score(format, maintain).argmaxAccuracy() >= 0.8, "and keeps most others");
        }
        assertEquals(1.0, new FormatScorer(model).score(format, forget).argmaxAccuracy(), "masking learns beside the model");
    }

    /**
     * The attack's contract (Deeb and Roger): after an edit, fine-tune on half of the edited facts with their true
     * answers and watch whether the other half comes back. On this model it does, in part: in six steps the trained
     * half's true answers go from 0.0005 to 0.57 (LoRA) and 0.97 (full) on average, and the held-out half's from
     * 0.0004 to 0.17 and 0.08 at best (most of their probability stays on the edit targets). Were the attack to
     * change nothing, both would stay where the edit left them.
     */
    @Test
    void relearningHalfTheEditedFactsRaisesTheOtherHalfAndLatentProbesReadTheFact() {
        ComponentSet set = ComponentSet.of(model.components(), List.of("L1.mlp"));
        List<Fact> trained = forget.subList(0, 4);
        List<Fact> held = forget.subList(4, 8);
        try (LocusModel edited = EditedModels.copy(model, set)) {
            LocalizedFineTune.run(edited, set, EditTask.of(model, format, forget, maintain, general, false),
                    settings(false, 20, 0.02), new LocalizedFineTune.Listener() { });
            FormatScore gone = new FormatScorer(edited).score(format, held);
            assertTrue(gone.argmaxAccuracy() == 0 && gone.accuracy() < 0.01 && gone.editArgmaxAccuracy() == 1,
                    "the edit removed the held-out facts: " + gone);
            EditTask relearn = EditTask.of(model, format, trained, maintain, general, true);
            for (RelearningAttack.Mode mode : RelearningAttack.Mode.values()) {
                boolean lora = mode == RelearningAttack.Mode.LORA;
                Map<Integer, FormatScore> heldOut = new TreeMap<>();
                Map<Integer, Double> relearned = new TreeMap<>();
                RelearningAttack.run(edited, relearn, RelearningAttack.Settings.DEFAULTS.withMode(mode).withRank(4)
                        .withAlpha(8).withLr(lora ? 2e-2 : 1e-2).withSteps(6).withEvalEvery(2).withBatch(16).withSeed(0)
                        .withDropout(0).withClip(1.0),   // the settings the numbers above were measured with
                        (step, attacked) -> {
                            heldOut.put(step, new FormatScorer(attacked).score(format, held));
                            relearned.put(step, new FormatScorer(attacked).score(format, trained).accuracy());
                        });
                String what = (lora ? "LoRA" : "full") + " attack: held-out " + heldOut + ", trained " + relearned;
                assertEquals(List.of(0, 2, 4, 6), List.copyOf(heldOut.keySet()), "evaluated at each step: " + what);
                assertEquals(gone, heldOut.get(0), "it starts from the edited model: " + what);
                assertTrue(relearned.get(6) > 0.25, "it relearns the half it trains on: " + what);
                double best = heldOut.values().stream().mapToDouble(FormatScore::accuracy).max().orElseThrow();
                assertTrue(best > 10 * gone.accuracy(), "and the other half comes back, in part: " + what);
                assertEquals(gone, new FormatScorer(edited).score(format, held), "the edited model is not changed");
            }
        }
        List<LatentProbes.Layer> layers = LatentProbes.run(model, format, maintain, forget,
                List.of("football", "baseball", "basketball"), 1e-3, 200);
        assertEquals(5, layers.size());
        assertTrue(layers.get(2).trueAccuracy() >= 0.85, "after MLP 1 the sport is readable: " + layers);
        assertTrue(layers.get(0).trueAccuracy() <= 0.6, "not before it: " + layers);
    }
}
