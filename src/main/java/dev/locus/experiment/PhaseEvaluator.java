package dev.locus.experiment;

import dev.locus.data.Fact;
import dev.locus.data.PromptFormat;
import dev.locus.data.Question;
import dev.locus.eval.FormatScore;
import dev.locus.eval.FormatScorer;
import dev.locus.eval.GeneralCapability;
import dev.locus.model.LocusModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores a model at one phase of a run into metric rows: per format, the forget facts (accuracy of the true
 * attribute and of the edit target), the held-out maintain facts (split {@code maintain}: the 20% no edit trains on,
 * where the paper measures its Maintain Accuracy, src/docs/paper.md §1.1 and §5) and the maintain facts the edit's
 * maintain loss trains on (split {@code maintain-train}); then the general-capability questions and text.
 *
 * <p>Metric {@code accuracy} is the paper's continuous accuracy (the correct answer's probability renormalized over
 * the candidates, averaged); {@code argmax_accuracy} is the share of prompts whose correct answer ranks first. The
 * same pair for the edit target: {@code edit_accuracy}, {@code edit_argmax_accuracy}.
 *
 * @param forget the facts being edited
 * @param maintainTrain the maintain facts the edit trains to keep
 * @param maintain held-out maintain facts no edit trains on (the paper's Maintain Accuracy)
 * @param questions general multiple-choice questions (may be empty)
 * @param generalText general text lines for next-token loss (may be empty)
 */
public record PhaseEvaluator(List<PromptFormat> formats, List<Fact> forget, List<Fact> maintainTrain,
        List<Fact> maintain, List<Question> questions, List<String> generalText) {

    public static final String GENERAL = "general";
    /** Split of the held-out maintain facts: the paper's Maintain Accuracy. */
    public static final String MAINTAIN = "maintain";
    /** Split of the maintain facts the edit's maintain loss trains on. */
    public static final String MAINTAIN_TRAIN = "maintain-train";
    /** The paper's continuous accuracy. */
    public static final String ACCURACY = "accuracy";
    /** The share of prompts whose correct answer ranks first among the candidates. */
    public static final String ARGMAX_ACCURACY = "argmax_accuracy";

    /** Every metric of this phase. */
    public List<MetricRow> evaluate(LocusModel model, String method, long seed, String phase) {
        List<MetricRow> rows = new ArrayList<>();
        FormatScorer scorer = new FormatScorer(model);
        for (PromptFormat f : formats) {
            facts(rows, scorer.score(f, forget), method, seed, phase, "forget", true);
            if (!maintain.isEmpty()) {
                facts(rows, scorer.score(f, maintain), method, seed, phase, MAINTAIN, false);
            }
            if (!maintainTrain.isEmpty()) {
                facts(rows, scorer.score(f, maintainTrain), method, seed, phase, MAINTAIN_TRAIN, false);
            }
        }
        general(rows, model, method, seed, phase);
        return rows;
    }

    /** Only the forget accuracies in {@code formats} (the relearning attack's held-out half), split {@code split}. */
    public static List<MetricRow> accuracyOnly(LocusModel model, List<PromptFormat> formats, List<Fact> facts,
                                               String method, long seed, String phase, String split) {
        List<MetricRow> rows = new ArrayList<>();
        FormatScorer scorer = new FormatScorer(model);
        for (PromptFormat f : formats) {
            FormatScore s = scorer.score(f, facts);
            rows.add(new MetricRow(method, seed, phase, f.name(), split, ACCURACY, s.accuracy()));
            rows.add(new MetricRow(method, seed, phase, f.name(), split, ARGMAX_ACCURACY, s.argmaxAccuracy()));
        }
        return rows;
    }

    /** The general side alone: question accuracy (continuous over A-D, and argmax) and text loss. */
    public void general(List<MetricRow> rows, LocusModel model, String method, long seed, String phase) {
        if (!questions.isEmpty()) {
            FormatScore q = GeneralCapability.questions(model, questions);
            rows.add(new MetricRow(method, seed, phase, GENERAL, GENERAL, ACCURACY, q.accuracy()));
            rows.add(new MetricRow(method, seed, phase, GENERAL, GENERAL, ARGMAX_ACCURACY, q.argmaxAccuracy()));
        }
        if (!generalText.isEmpty()) {
            rows.add(new MetricRow(method, seed, phase, GENERAL, GENERAL, "loss", GeneralCapability.textLoss(model, generalText)));
        }
    }

    private static void facts(List<MetricRow> rows, FormatScore s, String method, long seed, String phase, String split,
                              boolean edit) {
        rows.add(new MetricRow(method, seed, phase, s.format(), split, ACCURACY, s.accuracy()));
        rows.add(new MetricRow(method, seed, phase, s.format(), split, ARGMAX_ACCURACY, s.argmaxAccuracy()));
        if (edit && !Double.isNaN(s.editAccuracy())) {
            rows.add(new MetricRow(method, seed, phase, s.format(), split, "edit_accuracy", s.editAccuracy()));
            rows.add(new MetricRow(method, seed, phase, s.format(), split, "edit_argmax_accuracy", s.editArgmaxAccuracy()));
        }
    }
}
