package dev.locus.experiment.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.core.JsonObject;
import java.util.List;

/**
 * What else is measured besides the facts: the config's {@code "evaluation"} object.
 *
 * @param generalQuestions general-capability questions (a file, {@code demo}, or null for none), as an absolute path
 * @param generalText general text whose language-modelling loss is measured (a file, {@code demo}, or null for none)
 * @param maxGeneralLines at most this many lines of the general text, at least 1
 * @param mcqShots CounterFact data: solved questions put before each multiple-choice question (the paper's n-shot
 *     prefix, src/docs/paper.md §1.3; 8 as in its editing script); 0 for none
 * @param mcqShotPool CounterFact data with shots: the last this many facts (after the filter) are the pool the shots
 *     come from, never edited nor evaluated (the paper: 64)
 * @param minCorrectProbability CounterFact data: only facts whose true answer's first token the loaded model gives
 *     at least this full-vocabulary probability in the edit format are used (the paper: 0.5); 0 keeps every fact
 */
public record EvaluationSettings(String generalQuestions, String generalText, int maxGeneralLines, int mcqShots,
        int mcqShotPool, double minCorrectProbability) {

    static final List<String> FIELDS = List.of("general_questions", "general_text", "max_general_lines",
            "mcq_shots", "mcq_shot_pool", "min_correct_probability");

    /** Every field at its default. */
    public static final EvaluationSettings DEFAULTS = new EvaluationSettings(ExperimentConfig.DEMO,
            ExperimentConfig.DEMO, 256, 8, 64, 0.5);

    /** The general side with the CounterFact protocol at its defaults. */
    public EvaluationSettings(String generalQuestions, String generalText, int maxGeneralLines) {
        this(generalQuestions, generalText, maxGeneralLines, 8, 64, 0.5);
    }

    static EvaluationSettings read(JsonObject o, ConfigFiles files) {
        double minP = o.number("min_correct_probability", DEFAULTS.minCorrectProbability, JsonObject.Bound.AT_LEAST_ZERO);
        if (minP > 1) {
            throw o.error("min_correct_probability", "must be at most 1 (a probability), got " + minP);
        }
        return new EvaluationSettings(files.path(o, "general_questions", DEFAULTS.generalQuestions, true),
                files.path(o, "general_text", DEFAULTS.generalText, true),
                o.whole("max_general_lines", DEFAULTS.maxGeneralLines, 1, Integer.MAX_VALUE),
                o.whole("mcq_shots", DEFAULTS.mcqShots, 0, 64),
                o.whole("mcq_shot_pool", DEFAULTS.mcqShotPool, 1, Integer.MAX_VALUE),
                minP);
    }

    ObjectNode toJson() {
        ObjectNode n = ConfigFiles.MAPPER.createObjectNode();
        n.put("general_questions", generalQuestions);
        n.put("general_text", generalText);
        n.put("max_general_lines", maxGeneralLines);
        n.put("mcq_shots", mcqShots);
        n.put("mcq_shot_pool", mcqShotPool);
        n.put("min_correct_probability", minCorrectProbability);
        return n;
    }
}
