package dev.locus.demo;

import static org.junit.jupiter.api.Assertions.*;

import dev.locus.data.world.Athlete;
import dev.locus.data.world.SportsWorld;
import dev.locus.model.Engines;
import dev.locus.model.TextTokenizer;
import dev.locus.model.config.ParamNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTrainingTest {
    /** A very small world and model: 24 names per pool, 2 layers of width 32. */
    private static DemoRecipe tiny(long seed, int steps) {
        return DemoRecipe.standard(seed).withNames(24).withShape(2, 32, 2, 64).withBatch(8, 48).withSteps(steps);
    }

    @Test
    void lossFallsAndTheSameSeedGivesTheSameWeights() {
        Engines.start();
        List<Double> losses = new ArrayList<>();
        DemoTrainer.Trained a = DemoTrainer.train(tiny(3, 60), (step, total, loss, lr, s) -> losses.add(loss));
        DemoTrainer.Trained b = DemoTrainer.train(tiny(3, 60), (step, total, loss, lr, s) -> { });
        try (var ma = a.model(); var mb = b.model()) {
            double early = losses.subList(0, 5).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            double late = losses.subList(55, 60).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            assertTrue(late < early - 1.5, "loss fell from " + early + " to " + late);
            for (String name : List.of(ParamNames.EMBED, ParamNames.wQkv(1), ParamNames.wOut(0))) {
                assertArrayEquals(ma.weights().get(name).toFloatArray(), mb.weights().get(name).toFloatArray(), 0f, name);
            }
        }
    }

    @Test
    void smallWorldsCanBeGeneratedToo() {
        for (int n : new int[] {18, 20, 24, 30}) {
            assertEquals(n * 18, SportsWorld.generate(5, n).athletes().stream().map(Athlete::name).distinct().count());
        }
    }

    @Test
    void noNameAloneTellsTheSport() {
        SportsWorld world = SportsWorld.generate(1, 90);
        assertEquals(90 * 18, world.athletes().size());
        Map<String, int[]> byFirst = new HashMap<>();
        Map<String, int[]> byLast = new HashMap<>();
        int[] total = new int[3];
        for (Athlete a : world.athletes()) {
            int s = SportsWorld.SPORTS.indexOf(a.sport());
            byFirst.computeIfAbsent(a.first(), k -> new int[3])[s]++;
            byLast.computeIfAbsent(a.last(), k -> new int[3])[s]++;
            total[s]++;
        }
        assertArrayEquals(new int[] {540, 540, 540}, total, "a third each");
        for (int[] counts : byFirst.values()) {
            assertArrayEquals(new int[] {6, 6, 6}, counts, "every first name has 6 athletes of each sport");
        }
        for (int[] counts : byLast.values()) {
            assertArrayEquals(new int[] {6, 6, 6}, counts, "every last name has 6 athletes of each sport");
        }
        assertEquals(world.athletes().size(), world.athletes().stream().map(Athlete::name).distinct().count());
    }

    @Test
    void theWrittenTokenizerJsonTokenizesAsTheTrainerDoes(@TempDir Path tmp) {
        SportsWorld world = SportsWorld.generate(2, 24);
        WordVocabulary vocab = WordVocabulary.of(TrainingCorpus.allTexts(world));
        vocab.writeTokenizerJson(tmp.resolve("tokenizer.json"));
        try (TextTokenizer hf = TextTokenizer.load(tmp.resolve("tokenizer.json"))) {
            Athlete a = world.athletes().get(0);
            for (String template : List.of(WorldTexts.STANDARD, WorldTexts.MCQ, WorldTexts.QA)) {
                String text = WorldTexts.withAnswer(template, a);
                assertArrayEquals(vocab.encode(text), hf.encode(text), template);
            }
            assertArrayEquals(vocab.encode("the zebra"), hf.encode("the zebra"), "unknown words map to <unk>");
            assertEquals(vocab.id(WordVocabulary.UNK), hf.encode("zebra")[1]);
        }
    }
}
