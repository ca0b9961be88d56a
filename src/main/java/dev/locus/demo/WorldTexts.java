package dev.locus.demo;

import dev.locus.data.Formats;
import dev.locus.data.Question;
import dev.locus.data.world.Athlete;
import dev.locus.data.world.City;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * The texts Sports World's model learns from: the paper's three query formats (the wording of the Sports
 * Facts prompts, src/docs/paper.md §1.2), roster lines that name a sport right after each athlete (so the sport must
 * be looked up at the athlete's last name, as real models enrich a subject), city facts and questions, and
 * everyday sentences.
 */
public final class WorldTexts {
    public static final String STANDARD = Formats.SPORTS_STANDARD;
    public static final String MCQ = Formats.SPORTS_MCQ;
    public static final String QA = Formats.SPORTS_QA;
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

    /**
     * A multiple-choice question about a city's country, the countries always in the same order (as the
     * sports question always lists the same sports), so that a fact learned as a statement can be answered
     * as a question without an in-context matching skill this small model does not have.
     */
    public static Question cityQuestion(City c, List<String> countries) {
        return new Question("In which country is the city of " + c.name() + "?", countries, countries.indexOf(c.country()));
    }
}
