package dev.locus.data.files;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locus.core.JsonObject;
import dev.locus.core.LocusException;
import dev.locus.core.Messages;
import dev.locus.data.Dataset;
import dev.locus.data.Fact;
import dev.locus.data.Formats;
import dev.locus.data.Texts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * CounterFact files (Meng et al., ROME): a JSON array of records {@code {case_id, requested_rewrite: {prompt,
 * subject, relation_id, target_new: {str}, target_true: {str}}, paraphrase_prompts, neighborhood_prompts}}. Use
 * {@link #read(Path)} to load one as a {@link Dataset} with {@link Formats#counterFact()}, or
 * {@link #read(Path, Path)} to add the multiple-choice format from a question file.
 *
 * <p>Each record becomes a fact with id = case_id, attribute = target_true.str, edit target = target_new.str and
 * candidates [target_true.str, target_new.str]. The prompt, paraphrase and neighborhood formats are scored as the
 * paper does, by the full-vocabulary probability of the answer's first token (src/docs/paper.md §5); a format file
 * with {@code "scoring": "candidates"} renormalizes over the two answers instead. The continuation is
 * " " + str unless str already starts with a space. paraphrase_prompts and neighborhood_prompts may be absent
 * (no prompts of that format for the fact).
 *
 * <p>Question file: our JSON form of the paper's {@code counterfact_mc_questions.parquet}, an array of
 * {@code {"case_id": 0, "question": "What is the mother tongue of Danielle Darrieux?", "target_true": "French",
 * "targets_false": ["English", "Spanish", "Italian"]}} ({@code prompt_id} is accepted instead of case_id).
 * targets_false has exactly 3 entries; the first is the one the paper's "MC edit accuracy" counts. Questions for
 * case_ids not in the fact file are ignored; facts without a question have no mcq prompts.
 */
public final class CounterFactJson {
    /** Fact prompt list: CounterFact's prompt, with {} for the subject. */
    public static final String PROMPT = "prompt";
    /** Fact prompt list: paraphrase_prompts. */
    public static final String PARAPHRASE = "paraphrase";
    /** Fact prompt list: neighborhood_prompts (other subjects, same true answer). */
    public static final String NEIGHBORHOOD = "neighborhood";

    private CounterFactJson() {
    }

    /** Reads the facts; every problem is a LocusException naming the file, the record's path and what is wrong. */
    public static Dataset read(Path json) {
        return new Dataset(Texts.baseName(json), readFacts(json), Formats.counterFact());
    }

    /** Reads the facts and their multiple-choice questions (see the class comment for the question file). */
    public static Dataset read(Path json, Path mcqQuestions) {
        if (mcqQuestions == null) {
            return read(json);
        }
        List<Fact> facts = readFacts(json);
        Map<String, List<String>> questions = readQuestions(mcqQuestions);
        List<Fact> withQuestions = new ArrayList<>(facts.size());
        for (Fact fact : facts) {
            List<String> q = questions.get(fact.id());
            withQuestions.add(q == null ? fact
                    : fact.withPrompts(Formats.MCQ_QUESTION, q.subList(0, 1)).withPrompts(Formats.MCQ_OPTIONS, q.subList(1, q.size())));
        }
        return new Dataset(Texts.baseName(json), withQuestions, Formats.counterFactWithMcq());
    }

    private static List<Fact> readFacts(Path json) {
        String label = Messages.label(json);
        List<Fact> facts = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        JsonFiles.forEachInArray(json, "CounterFact records", (index, node) -> {
            JsonObject record = JsonObject.at(label, "records[" + index + "]", node).nullIsAbsent();
            Fact fact = fact(record);
            Integer before = seen.putIfAbsent(fact.id(), index);
            if (before != null) {
                throw record.error("case_id", fact.id() + " is already the case_id of records[" + before + "]");
            }
            facts.add(fact);
        });
        if (facts.isEmpty()) {
            throw new LocusException(label + ": holds no CounterFact records");
        }
        return facts;
    }

    private static Fact fact(JsonObject record) {
        String id = id(record, "case_id");
        if (id == null) {
            throw record.error("case_id", "is missing");
        }
        JsonObject rewrite = record.object("requested_rewrite");
        String prompt = rewrite.text("prompt");
        if (!prompt.contains("{}")) {
            throw rewrite.error("prompt", "must hold {} where the subject goes, got "
                    + JsonObject.describe(rewrite.get("prompt")));
        }
        String subject = rewrite.nonBlank("subject").strip();
        String targetTrue = rewrite.object("target_true").nonBlank("str");
        JsonObject targetNewObject = rewrite.object("target_new");
        String targetNew = targetNewObject.nonBlank("str");
        if (targetTrue.strip().equalsIgnoreCase(targetNew.strip())) {
            throw targetNewObject.error("str", "must differ from target_true, got "
                    + JsonObject.describe(targetNewObject.get("str")));
        }
        String relation = rewrite.text("relation_id", null);
        Map<String, List<String>> prompts = new LinkedHashMap<>();
        prompts.put(PROMPT, List.of(prompt));
        prompts.put(PARAPHRASE, record.texts("paraphrase_prompts", List.of()));
        prompts.put(NEIGHBORHOOD, record.texts("neighborhood_prompts", List.of()));
        Map<String, String> extras = new LinkedHashMap<>();
        JsonNode pararel = record.get("pararel_idx");
        if (pararel != null && pararel.isValueNode()) {
            extras.put("pararel_idx", pararel.asText());
        }
        return new Fact(id, subject, relation == null ? "" : relation.strip(), targetTrue,
                List.of(targetTrue, targetNew), targetNew, prompts, extras);
    }

    /** An id written as a whole number or a string; null when absent. */
    private static String id(JsonObject o, String field) {
        JsonNode n = o.get(field);
        if (n == null) {
            return null;
        }
        if (n.isIntegralNumber()) {
            return n.bigIntegerValue().toString();
        }
        if (n.isTextual() && !n.textValue().isBlank()) {
            return n.textValue().strip();
        }
        throw o.error(field, "expected a whole number or a non-empty string, got " + JsonObject.describe(n));
    }

    /** case_id -> [question, target_true, targets_false...]. */
    private static Map<String, List<String>> readQuestions(Path file) {
        String label = Messages.label(file);
        Map<String, List<String>> questions = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        JsonFiles.forEachInArray(file, "multiple-choice questions", (index, node) -> {
            JsonObject q = JsonObject.at(label, "questions[" + index + "]", node).nullIsAbsent();
            String id = id(q, "case_id");
            if (id == null) {
                id = id(q, "prompt_id");
            }
            if (id == null) {
                throw q.error("has neither case_id nor prompt_id");
            }
            Integer before = seen.putIfAbsent(id, index);
            if (before != null) {
                throw q.error("is a second question for case_id " + id + " (the first is questions[" + before + "])");
            }
            List<String> entry = new ArrayList<>();
            entry.add(q.nonBlank("question"));
            entry.add(q.text("target_true"));
            List<String> falses = q.texts("targets_false", List.of());
            if (falses.size() != 3) {
                throw q.error("targets_false", "must hold exactly 3 answers, got " + falses.size());
            }
            entry.addAll(falses);
            Set<String> distinct = new HashSet<>();
            for (String option : entry.subList(1, entry.size())) {
                if (option.isBlank() || !distinct.add(option.strip().toLowerCase(Locale.ROOT))) {
                    throw q.error("target_true and targets_false must be distinct and not empty, got "
                            + Messages.clip(entry.subList(1, entry.size()).toString(), 200));
                }
            }
            questions.put(id, List.copyOf(entry));
        });
        return questions;
    }
}
