package dev.locus.demo;

import dev.locus.data.world.Athlete;
import dev.locus.data.world.City;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * The texts Sports World's model learns from: the paper's three query formats (the wording of the Sports
 * Facts prompts, PAPER-SPEC 1.2), roster lines that name a sport right after each athlete (so the sport must
 * be looked up at the athlete's last name, as real models enrich a subject), city facts and questions, and
 * everyday sentences.
 */
public final class WorldTexts {
    public static final String STANDARD = "Fact: Tiger Woods plays the sport of golf\nFact: {subject} plays the sport of";
    public static final String MCQ = "Fact: Tiger Woods plays the sport of\nA: Football\nB: Baseball\nC: Basketball\n"
            + "D: Golf\n\nAnswer: D\n\nFact: {subject} plays the sport of\nA: Football\nB: Baseball\nC: Basketball\n"
            + "D: Golf\n\nAnswer:";
    public static final String QA = "Question: What sport does Tiger Woods play? Answer: golf\n"
            + "Question: What sport does {subject} play? Answer:";
    /** Answer letters of the multiple-choice format, in option order football, baseball, basketball, golf. */
    public static final List<String> LETTERS = List.of("A", "B", "C", "D");
    public static final List<String> CANDIDATES = List.of("football", "baseball", "basketball", "golf");

    private WorldTexts() {
    }

    public static String prompt(String template, Athlete a) {
        return template.replace("{subject}", a.name());
    }

    /** The prompt of {@code template} for {@code a} followed by its answer. */
    public static String withAnswer(String template, Athlete a) {
        String answer = template.equals(MCQ) ? LETTERS.get(CANDIDATES.indexOf(a.sport())) : a.sport();
        return prompt(template, a) + " " + answer;
    }

    public static String roster(List<Athlete> athletes) {
        return "Roster: " + athletes.stream().map(a -> a.name() + " " + a.sport()).collect(Collectors.joining(" ; "));
    }

    public static String cityFact(City c) {
        return "Fact: the city of " + c.name() + " is in the country of " + c.country();
    }

    /** A multiple-choice question about a city, options shuffled by {@code random}; the answer letter at the end. */
    public static String cityQuestion(City c, List<String> countries, SplittableRandom random, boolean withAnswer) {
        List<String> options = new ArrayList<>(List.of(c.country()));
        while (options.size() < 4) {
            String other = countries.get(random.nextInt(countries.size()));
            if (!options.contains(other)) {
                options.add(other);
            }
        }
        java.util.Collections.shuffle(options, new java.util.Random(random.nextLong()));
        StringBuilder s = new StringBuilder("Question: In which country is the city of " + c.name() + "?");
        for (int i = 0; i < 4; i++) {
            s.append('\n').append(LETTERS.get(i)).append(": ").append(options.get(i));
        }
        s.append("\n\nAnswer:");
        if (withAnswer) {
            s.append(' ').append(LETTERS.get(options.indexOf(c.country())));
        }
        return s.toString();
    }

    /** The letter of {@code c}'s country in a question made by {@link #cityQuestion} with the same random state. */
    public static String cityAnswer(String question, City c) {
        for (String line : question.split("\n")) {
            if (line.endsWith(": " + c.country()) && line.length() > 2 && line.charAt(1) == ':') {
                return line.substring(0, 1);
            }
        }
        throw new IllegalStateException("no option for " + c.country());
    }
}
