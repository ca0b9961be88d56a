package dev.locus.edit;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import dev.locus.data.Dataset;
import dev.locus.data.EditTargets;
import dev.locus.data.Fact;
import dev.locus.data.PromptFormat;
import dev.locus.data.files.FormatFiles;
import dev.locus.data.files.SportsFactsCsv;
import dev.locus.eval.FormatScorer;
import dev.locus.localize.HandBuiltModel;
import dev.locus.model.LocusModel;
import dev.locus.model.component.ComponentSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The attack's LoRA trains with dropout on its inputs (seeded) and is evaluated without it; no clipping by default. */
class RelearningAttackTest {
    @TempDir
    static Path tmp;
    static LocusModel model;
    static LocusModel edited;
    static PromptFormat format;
    static List<Fact> forget;
    static EditTask relearn;

    @BeforeAll
    static void edit() {
        HandBuiltModel built = HandBuiltModel.write(tmp.resolve("hand"), 7);
        model = LocusModel.load(built.modelDir(), Device.cpu());
        Dataset data = SportsFactsCsv.read(built.dataCsv()).withFormats(FormatFiles.read(built.formatFile()));
        format = data.format("standard");
        forget = EditTargets.randomOther(data.facts().subList(0, 8), data.attributes(), 1);
        List<Fact> maintain = data.facts().subList(8, 48);
        ComponentSet set = ComponentSet.of(model.components(), List.of("L1.mlp"));
        edited = EditedModels.copy(model, set);
        LocalizedFineTune.run(edited, set, EditTask.of(model, format, forget, maintain, List.of("athlete Zorn"), false),
                FineTuneSettings.DEFAULTS.withSteps(10).withBatch(64).withLr(0.02).withSeed(3),
                new LocalizedFineTune.Listener() { });
        relearn = EditTask.of(model, format, forget.subList(0, 4), maintain, List.of("athlete Zorn"), true);
    }

    @AfterAll
    static void close() {
        edited.close();
        model.close();
    }

    /** The held-out half's mean probability of the true answer at each evaluation (scored twice: it must not vary). */
    private static List<Double> attack(RelearningAttack.Settings s) {
        List<Double> out = new ArrayList<>();
        RelearningAttack.run(edited, relearn, s, (step, attacked) -> {
            double p = new FormatScorer(attacked).score(format, forget.subList(4, 8)).accuracy();
            assertEquals(p, new FormatScorer(attacked).score(format, forget.subList(4, 8)).accuracy(), 0,
                    "no dropout when the attacked model is evaluated");
            out.add(p);
        });
        return out;
    }

    @Test
    void theAttackedModelReadsTheEditedWeightsThemselvesNeverAMergedCopy() {
        // LoRA stays x A B beside each matrix: every parameter the evaluated transformer reads is the edited model's
        // own array (no W + A B of any matrix's size), and the adapters still change what it computes.
        List<float[]> logits = new ArrayList<>();
        int[] tokens = model.requireTokenizer().encode("athlete Zorn");
        RelearningAttack.run(edited, relearn, RelearningAttack.Settings.DEFAULTS.withRank(4).withAlpha(8).withLr(2e-2)
                .withSteps(2).withEvalEvery(2).withBatch(8).withSeed(4), (step, attacked) -> {
                    var read = attacked.transformer().weights();
                    var own = edited.transformer().weights();
                    assertEquals(own.names(), read.names());
                    for (String name : own.names()) {
                        assertSame(own.get(name), read.get(name), name + " at step " + step);
                    }
                    logits.add(attacked.logits(tokens));
                });
        assertEquals(2, logits.size());
        assertArrayEquals(edited.logits(tokens), logits.get(0), 0f, "step 0 is the edited model");
        assertFalse(java.util.Arrays.equals(logits.get(0), logits.get(1)), "the trained adapters change the output");
    }

    @Test
    void dropoutTrainsTheAdaptersOnDroppedInputsFromTheSeed() {
        assertEquals(0.05, RelearningAttack.Settings.DEFAULTS.dropout(), "the paper's LoRA dropout");
        assertEquals(0, RelearningAttack.Settings.DEFAULTS.clip(), "and no gradient clipping");
        RelearningAttack.Settings s = RelearningAttack.Settings.DEFAULTS.withRank(4).withAlpha(8).withLr(2e-2)
                .withSteps(3).withEvalEvery(3).withBatch(8).withSeed(4).withDropout(0.5);
        List<Double> dropped = attack(s);
        assertEquals(dropped, attack(s), "the seed fixes the dropout masks");
        List<Double> whole = attack(s.withDropout(0));
        assertEquals(dropped.get(0), whole.get(0), "both start from the edited model");
        assertNotEquals(dropped.get(1), whole.get(1), "dropout changes what the adapters learn");
        assertNotEquals(whole.get(1), attack(s.withDropout(0).withClip(1e-3)).get(1), "a clip, when set, clips");
    }
}
