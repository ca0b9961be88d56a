package dev.locus.data.files;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locus.core.LocusException;
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
 * candidates [target_true.str, target_new.str]. Scoring renormalizes over these two answers, as for sports; the
 * paper instead reports the full-vocabulary probability of the target's first token. We chose the renormalized
 * form so that every format and dataset is scored the same way and needs no tokenizer here. The continuation is
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
        JsonFields fields = new JsonFields(Texts.label(json));
        List<Fact> facts = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        JsonFiles.forEachInArray(json, "CounterFact records", (index, node) -> {
            Fact fact = fact(node, "records[" + index + "]", fields);
            Integer before = seen.putIfAbsent(fact.id(), index);
            if (before != null) {
                throw fields.error("records[" + index + "].case_id", fact.id() + " is already the case_id of records["
                        + before + "]");
            }
            facts.add(fact);
        });
        if (facts.isEmpty()) {
            throw new LocusException(Texts.label(json) + ": holds no CounterFact records");
        }
        return facts;
    }

    private static Fact fact(JsonNode record, String path, JsonFields fields) {
        if (!record.isObject()) {
            throw fields.error(path, "must be an object, found " + JsonFields.describe(record));
        }
        String id = fields.optionalId(record, path, "case_id");
        if (id == null) {
            throw fields.error(path + ".case_id", "is missing");
        }
        String rrPath = path + ".requested_rewrite";
        JsonNode rewrite = fields.object(record, path, "requested_rewrite");
        String prompt = fields.text(rewrite, rrPath, "prompt");
        if (!prompt.contains("{}")) {
            throw fields.error(rrPath + ".prompt", Texts.quote(prompt) + " has no {} where the subject goes");
        }
        String subject = fields.text(rewrite, rrPath, "subject").strip();
        if (subject.isEmpty()) {
            throw fields.error(rrPath + ".subject", "is empty");
        }
        String targetTrue = target(rewrite, rrPath, "target_true", fields);
        String targetNew = target(rewrite, rrPath, "target_new", fields);
        if (targetTrue.strip().equalsIgnoreCase(targetNew.strip())) {
            throw fields.error(rrPath + ".target_new.str", Texts.quote(targetNew) + " is the same as target_true");
        }
        String relation = fields.optionalText(rewrite, rrPath, "relation_id");
        Map<String, List<String>> prompts = new LinkedHashMap<>();
        prompts.put(PROMPT, List.of(prompt));
        prompts.put(PARAPHRASE, fields.texts(record, path, "paraphrase_prompts"));
        prompts.put(NEIGHBORHOOD, fields.texts(record, path, "neighborhood_prompts"));
        Map<String, String> extras = new LinkedHashMap<>();
        JsonNode pararel = record.get("pararel_idx");
        if (pararel != null && pararel.isValueNode() && !pararel.isNull()) {
            extras.put("pararel_idx", pararel.asText());
        }
        return new Fact(id, subject, relation == null ? "" : relation.strip(), targetTrue,
                List.of(targetTrue, targetNew), targetNew, prompts, extras);
    }

    private static String target(JsonNode rewrite, String rrPath, String field, JsonFields fields) {
        String str = fields.text(fields.object(rewrite, rrPath, field), rrPath + "." + field, "str");
        if (str.isBlank()) {
            throw fields.error(rrPath + "." + field + ".str", "is empty");
        }
        return str;
    }

    /** case_id -> [question, target_true, targets_false...]. */
    private static Map<String, List<String>> readQuestions(Path file) {
        JsonFields fields = new JsonFields(Texts.label(file));
        Map<String, List<String>> questions = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        JsonFiles.forEachInArray(file, "multiple-choice questions", (index, node) -> {
            String path = "questions[" + index + "]";
            if (!node.isObject()) {
                throw fields.error(path, "must be an object, found " + JsonFields.describe(node));
            }
            String id = fields.optionalId(node, path, "case_id");
            if (id == null) {
                id = fields.optionalId(node, path, "prompt_id");
            }
            if (id == null) {
                throw fields.error(path, "has neither case_id nor prompt_id");
            }
            Integer before = seen.putIfAbsent(id, index);
            if (before != null) {
                throw fields.error(path, "is a second question for case_id " + id + " (the first is questions["
                        + before + "])");
            }
            String question = fields.text(node, path, "question");
            if (question.isBlank()) {
                throw fields.error(path + ".question", "is empty");
            }
            List<String> entry = new ArrayList<>();
            entry.add(question);
            entry.add(fields.text(node, path, "target_true"));
            List<String> falses = fields.texts(node, path, "targets_false");
            if (falses.size() != 3) {
                throw fields.error(path + ".targets_false", "must hold exactly 3 answers, has " + falses.size());
            }
            entry.addAll(falses);
            Set<String> distinct = new HashSet<>();
            for (String option : entry.subList(1, entry.size())) {
                if (option.isBlank() || !distinct.add(option.strip().toLowerCase(Locale.ROOT))) {
                    throw fields.error(path, "options " + Texts.clean(entry.subList(1, entry.size()).toString(), 200)
                            + " (target_true and targets_false) must be distinct and not empty");
                }
            }
            questions.put(id, List.copyOf(entry));
        });
        return questions;
    }
}
