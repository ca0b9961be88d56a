package dev.locus.edit;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import dev.locus.data.Dataset;
import dev.locus.data.EditTargets;
import dev.locus.data.Fact;
import dev.locus.data.PromptFormat;
import dev.locus.data.files.SportsFactsCsv;
import dev.locus.eval.FormatScore;
import dev.locus.eval.FormatScorer;
import dev.locus.model.Bundled;
import dev.locus.model.Engines;
import dev.locus.model.LocusModel;
import dev.locus.model.component.ComponentSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The soft-prompt attack on the bundled model after an edit of its last layers: the prompt alone (the model's weights
 * untouched) brings back the true answers the edit hid, its virtual tokens stay in the epsilon ball, a seed repeats
 * it exactly, and a cancel stops it with nothing left allocated.
 */
class SoftPromptAttackTest {
    static LocusModel model;
    static LocusModel edited;
    static PromptFormat format;
    static List<Fact> trained;
    static List<Fact> held;
    static EditTask attack;

    @BeforeAll
    static void edit() {
        Engines.start();
        model = LocusModel.load(Bundled.sportsWorld(), Device.cpu());
        Dataset data = SportsFactsCsv.read(Bundled.sportsWorld().resolve("sports.csv"));
        format = data.format("standard");
        List<Fact> forget = EditTargets.randomOther(data.facts().subList(0, 32), data.attributes(), 1);
        trained = forget.subList(0, 16);
        held = forget.subList(16, 32);
        // the edit rewrites the answer late (the last two MLPs), after the lookup: the fact is still in the stream
        ComponentSet late = ComponentSet.of(model.components(), List.of("L6.mlp", "L7.mlp"));
        edited = EditedModels.copy(model, late);
        LocalizedFineTune.run(edited, late, EditTask.of(model, format, forget, data.facts().subList(100, 200),
                List.of(), false), FineTuneSettings.DEFAULTS.withSteps(30).withBatch(32).withLr(1e-2).withGeneralCoef(0)
                .withSeed(1), new LocalizedFineTune.Listener() { });
        attack = EditTask.of(model, format, trained, List.of(), List.of(), true);
    }

    @AfterAll
    static void close() {
        edited.close();
        model.close();
    }

    static SoftPromptAttack.Settings settings(int steps, long seed) {
        return new SoftPromptAttack.Settings(4, 2.0, 3e-2, steps, 16, seed, 0);
    }

    @Test
    void thePromptAloneBringsBackTheHiddenAnswersWithinItsBound() {
        FormatScore hidden = new FormatScorer(edited).score(format, trained);
        float[] logits = edited.logits(1, 5, 9);
        List<Double> losses = new ArrayList<>();
        try (SoftPromptAttack.Trained p = SoftPromptAttack.train(edited, attack.forget(), attack.forgetTargets(),
                settings(40, 7), (step, total, loss) -> losses.add(loss));
             LocusModel attacked = edited.withSoftPrompt(p.prompt())) {
            FormatScore back = new FormatScorer(attacked).score(format, trained);
            FormatScore other = new FormatScorer(attacked).score(format, held);
            System.out.printf("soft prompt: hidden %s%n back %s%n held-out before %s%n held-out with %s%n losses %s%n",
                    hidden, back, new FormatScorer(edited).score(format, held), other, losses);
            assertEquals(40, losses.size());
            assertTrue(losses.get(39) < losses.get(0), "the answer loss falls: " + losses);
            assertTrue(back.accuracy() > hidden.accuracy() + 0.2,
                    "the true answers come back: " + hidden + " -> " + back);
            for (double n : p.norms()) {
                assertTrue(n <= 2.0 + 1e-4, "each virtual token within epsilon: " + n);
            }
        }
        assertArrayEquals(logits, edited.logits(1, 5, 9), 0f, "the edited model's weights are not changed");
        assertEquals(hidden, new FormatScorer(edited).score(format, trained), "and without the prompt it answers as before");
    }

    @Test
    void aSeedRepeatsThePromptAndADifferentOneDoesNot() {
        try (SoftPromptAttack.Trained a = SoftPromptAttack.train(edited, attack.forget(), attack.forgetTargets(), settings(5, 3), (s, t, l) -> { });
             SoftPromptAttack.Trained b = SoftPromptAttack.train(edited, attack.forget(), attack.forgetTargets(), settings(5, 3), (s, t, l) -> { });
             SoftPromptAttack.Trained c = SoftPromptAttack.train(edited, attack.forget(), attack.forgetTargets(), settings(5, 4), (s, t, l) -> { })) {
            assertArrayEquals(a.values(), b.values(), 0f);
            assertFalse(java.util.Arrays.equals(a.values(), c.values()));
        }
    }

    @Test
    void aCancelStopsItAndFreesItsArrays() {
        int live = Engines.liveArrays();
        int[] reached = {0};
        CancellationException e = assertThrows(CancellationException.class, () -> SoftPromptAttack.train(edited,
                attack.forget(), attack.forgetTargets(), settings(50, 3), (step, total, loss) -> {
                    reached[0] = step;
                    if (step == 3) {
                        Thread.currentThread().interrupt();
                    }
                }));
        assertTrue(Thread.interrupted(), "the interrupt is left for the caller");
        assertEquals(3, reached[0], e.getMessage());
        assertTrue(e.getMessage().contains("soft-prompt attack cancelled at step 4"), e.getMessage());
        assertEquals(live, Engines.liveArrays(), "nothing of the attack is left");
    }
}
