package dev.locus.demo;

import dev.locus.data.Question;
import dev.locus.data.world.Athlete;
import dev.locus.data.world.City;
import dev.locus.data.world.SportsWorld;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws training rows for the demo model: examples of each kind, by the recipe's mixture, encoded and
 * packed back to back into rows of fixed length (each example starts with {@code <bos>}, as a prompt does).
 * Held out: some athletes from the multiple-choice and question/answer formats, a fifth of the cities from
 * the city questions, a tenth of the sentences.
 */
public final class TrainingCorpus {
    private final SportsWorld world;
    private final WordVocabulary vocab;
    private final DemoRecipe recipe;
    private final List<Athlete> formatTrained;
    private final List<Athlete> formatHeldOut;
    private final List<City> questionTrained;
    private final List<City> questionHeldOut;
    private final List<String> sentencesTrained;
    private final List<String> sentencesHeldOut;

    public TrainingCorpus(SportsWorld world, WordVocabulary vocab, DemoRecipe recipe) {
        this.world = world;
        this.vocab = vocab;
        this.recipe = recipe;
        List<Athlete> athletes = world.athletes();
        int held = (int) Math.round(athletes.size() * recipe.formatHoldout());
        this.formatHeldOut = athletes.subList(athletes.size() - held, athletes.size());
        this.formatTrained = athletes.subList(0, athletes.size() - held);
        List<City> cities = world.cities();
        int heldCities = cities.size() / 5;
        this.questionHeldOut = cities.subList(cities.size() - heldCities, cities.size());
        this.questionTrained = cities.subList(0, cities.size() - heldCities);
        List<String> sentences = world.sentences();
        int heldSentences = sentences.size() / 10;
        this.sentencesHeldOut = sentences.subList(sentences.size() - heldSentences, sentences.size());
        this.sentencesTrained = sentences.subList(0, sentences.size() - heldSentences);
    }

    /** Every text the model may see, for building the vocabulary. */
    public static List<String> allTexts(SportsWorld world) {
        List<String> texts = new ArrayList<>();
        for (Athlete a : world.athletes()) {
            texts.add(WorldTexts.withAnswer(WorldTexts.STANDARD, a));
            texts.add(WorldTexts.withAnswer(WorldTexts.MCQ, a));
            texts.add(WorldTexts.withAnswer(WorldTexts.QA, a));
            texts.add(WorldTexts.roster(List.of(a)));
        }
        for (City c : world.cities()) {
            texts.add(WorldTexts.cityFact(c));
            Question q = WorldTexts.cityQuestion(c, world.countries());
            texts.add(q.prompt() + " " + Question.LETTERS.get(q.answer()));
        }
        texts.addAll(world.sentences());
        texts.add("Fact: Tiger Woods plays the sport of golf");
        return texts;
    }

    /**
     * Whether predicting token {@code id} trains anything: athlete and city names are drawn at random, so
     * their loss is noise that would drown the few tokens that carry facts (the sports, letters, countries).
     */
    public boolean[] lossFreeTokens() {
        boolean[] free = new boolean[vocab.size()];
        for (Athlete a : world.athletes()) {
            free[vocab.id(a.first())] = true;
            free[vocab.id(a.last())] = true;
        }
        for (City c : world.cities()) {
            free[vocab.id(c.name())] = true;
        }
        return free;
    }

    /**
     * {@code batch} rows of {@code rowLength + 1} token ids (inputs are the first rowLength, targets the last),
     * examples packed back to back; {@link Rows#segments} says which example each token belongs to, so that
     * attention stays inside an example (short contexts make the first lookups quick to learn).
     */
    public Rows nextRows(SplittableRandom random) {
        int[][] rows = new int[recipe.batch()][recipe.rowLength() + 1];
        int[][] segments = new int[recipe.batch()][recipe.rowLength() + 1];
        for (int b = 0; b < rows.length; b++) {
            int filled = 0;
            int segment = 0;
            while (filled < rows[b].length) {
                int[] ex = vocab.encode(example(random));
                int n = Math.min(ex.length, rows[b].length - filled);
                System.arraycopy(ex, 0, rows[b], filled, n);
                java.util.Arrays.fill(segments[b], filled, filled + n, segment++);
                filled += n;
            }
        }
        return new Rows(rows, segments);
    }

    /** Packed token rows and the example index of each token. */
    public record Rows(int[][] tokens, int[][] segments) {
    }

    private String example(SplittableRandom r) {
        double u = r.nextDouble();
        double roster = recipe.rosterWeight();
        double rest = 1 - roster;
        if (u < roster) {
            List<Athlete> group = new ArrayList<>();
            int size = 1 + r.nextInt(3);
            for (int i = 0; i < size; i++) {
                group.add(pick(r, world.athletes()));
            }
            return WorldTexts.roster(group);
        }
        u = (u - roster) / rest;
        if (u < 0.25) {
            return WorldTexts.withAnswer(WorldTexts.STANDARD, pick(r, world.athletes()));
        } else if (u < 0.45) {
            return WorldTexts.withAnswer(WorldTexts.MCQ, pick(r, formatTrained));
        } else if (u < 0.65) {
            return WorldTexts.withAnswer(WorldTexts.QA, pick(r, formatTrained));
        } else if (u < 0.75) {
            return WorldTexts.cityFact(pick(r, world.cities()));
        } else if (u < 0.95) {
            Question q = WorldTexts.cityQuestion(pick(r, questionTrained), world.countries());
            return q.prompt() + " " + Question.LETTERS.get(q.answer());
        } else {
            return pick(r, sentencesTrained);
        }
    }

    private static <T> T pick(SplittableRandom r, List<T> list) {
        return list.get(r.nextInt(list.size()));
    }

    public List<Athlete> formatHeldOut() {
        return formatHeldOut;
    }

    public List<Athlete> formatTrained() {
        return formatTrained;
    }

    public List<City> questionHeldOut() {
        return questionHeldOut;
    }

    /** Every city as an MMLU-style question: the general-capability test an edit must not hurt. */
    public List<Question> allQuestions() {
        List<Question> out = new ArrayList<>();
        for (City c : world.cities()) {
            out.add(WorldTexts.cityQuestion(c, world.countries()));
        }
        return out;
    }

    /** The cities whose question was never trained (their facts were), as MMLU-style questions. */
    public List<Question> heldOutQuestions() {
        List<Question> out = new ArrayList<>();
        for (City c : questionHeldOut) {
            out.add(WorldTexts.cityQuestion(c, world.countries()));
        }
        return out;
    }

    public List<String> sentencesHeldOut() {
        return sentencesHeldOut;
    }
}
