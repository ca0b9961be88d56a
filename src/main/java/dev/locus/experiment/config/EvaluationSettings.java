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
 */
public record EvaluationSettings(String generalQuestions, String generalText, int maxGeneralLines) {

    static final List<String> FIELDS = List.of("general_questions", "general_text", "max_general_lines");

    /** Every field at its default. */
    public static final EvaluationSettings DEFAULTS = new EvaluationSettings(ExperimentConfig.DEMO,
            ExperimentConfig.DEMO, 256);

    static EvaluationSettings read(JsonObject o, ConfigFiles files) {
        return new EvaluationSettings(files.path(o, "general_questions", DEFAULTS.generalQuestions, true),
                files.path(o, "general_text", DEFAULTS.generalText, true),
                o.whole("max_general_lines", DEFAULTS.maxGeneralLines, 1, Integer.MAX_VALUE));
    }

    ObjectNode toJson() {
        ObjectNode n = ConfigFiles.MAPPER.createObjectNode();
        n.put("general_questions", generalQuestions);
        n.put("general_text", generalText);
        n.put("max_general_lines", maxGeneralLines);
        return n;
    }
}
