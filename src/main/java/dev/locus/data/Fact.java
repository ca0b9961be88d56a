package dev.locus.data;

import dev.locus.core.LocusException;
import dev.locus.core.Messages;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One fact: a subject, its true attribute, and the answers that scoring renormalizes over. Use it wherever a fact
 * travels (datasets, splits, prompt rendering); the readers build it and {@link #withEditTarget} sets what an edit
 * aims at.
 *
 * @param id unique within a dataset: the athlete for sports, the case_id for CounterFact
 * @param subject the text that goes where a template says {@code {subject}} (or CounterFact's {@code {}})
 * @param relation what kind of fact: "sport", or CounterFact's relation_id (may be empty)
 * @param attribute the true answer, as text ("football", "French"); one of candidates
 * @param candidates the answers scoring renormalizes over, in a fixed order: sports use football, baseball,
 *     basketball, golf; CounterFact uses [target_true, target_new] (see {@link CounterFactJson})
 * @param editTarget the answer an edit aims at, one of candidates and not the true one; null when there is none
 * @param prompts per-fact texts by name, for formats that come with the data: CounterFact's "prompt" (one
 *     template with {@code {}} for the subject), "paraphrase", "neighborhood", and with a question file
 *     "mcq_question" and "mcq_options" (the true answer first, then the false ones); empty for sports
 * @param extras other columns of the source file, by name; may be empty
 */
public record Fact(String id, String subject, String relation, String attribute, List<String> candidates,
        String editTarget, Map<String, List<String>> prompts, Map<String, String> extras) {

    public Fact {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(relation, "relation");
        Objects.requireNonNull(attribute, "attribute");
        candidates = List.copyOf(candidates);
        if (new HashSet<>(candidates).size() != candidates.size()) {
            throw new LocusException("fact " + Messages.quote(id) + ": candidates " + candidates + " repeat an answer");
        }
        if (!candidates.contains(attribute)) {
            throw new LocusException("fact " + Messages.quote(id) + ": true answer " + Messages.quote(attribute)
                    + " is not among its candidates " + candidates);
        }
        if (editTarget != null && !candidates.contains(editTarget)) {
            throw new LocusException("fact " + Messages.quote(id) + ": edit target " + Messages.quote(editTarget)
                    + " is not among its candidates " + candidates);
        }
        if (attribute.equals(editTarget)) {
            throw new LocusException("fact " + Messages.quote(id) + ": edit target " + Messages.quote(editTarget)
                    + " is the true answer itself");
        }
        prompts = copyPrompts(prompts);
        // LinkedHashMap keeps the file's column order, which Map.copyOf would not.
        extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    }

    /** A sports-style fact with no per-fact prompts and no extras. */
    public static Fact of(String id, String subject, String relation, String attribute, List<String> candidates,
            String editTarget) {
        return new Fact(id, subject, relation, attribute, candidates, editTarget, Map.of(), Map.of());
    }

    /** This fact with another edit target (null for none); it must be one of the candidates. */
    public Fact withEditTarget(String target) {
        return new Fact(id, subject, relation, attribute, candidates, target, prompts, extras);
    }

    /** This fact with one more (or a replaced) per-fact prompt list. */
    public Fact withPrompts(String name, List<String> texts) {
        Map<String, List<String>> more = new LinkedHashMap<>(prompts);
        more.put(name, texts);
        return new Fact(id, subject, relation, attribute, candidates, editTarget, more, extras);
    }

    /** The per-fact prompt list of that name, empty when the fact has none. */
    public List<String> prompts(String name) {
        return prompts.getOrDefault(name, List.of());
    }

    /**
     * The continuation a model is scored on for an answer text: a leading space then the text (" football"),
     * unless the text already starts with a space (CounterFact files sometimes store " French").
     */
    public static String continuation(String answer) {
        return answer.startsWith(" ") ? answer : " " + answer;
    }

    private static Map<String, List<String>> copyPrompts(Map<String, List<String>> prompts) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        prompts.forEach((name, texts) -> copy.put(Objects.requireNonNull(name), List.copyOf(texts)));
        return Collections.unmodifiableMap(copy);
    }
}
