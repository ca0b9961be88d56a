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
 * Scores a model at one phase of a run into metric rows: per format, the forget facts (accuracy and probability of
 * the true attribute and of the edit target), the maintain facts (split {@code maintain}: those the edit's maintain
 * loss sees, as the paper reports them) and held-out ones (split {@code maintain-held-out}: never trained on); then
 * the general-capability questions and text.
 *
 * @param forget the facts being edited
 * @param maintain the maintain facts the edit trains to keep
 * @param heldOut maintain facts no edit trains on
 * @param questions general multiple-choice questions (may be empty)
 * @param generalText general text lines for next-token loss (may be empty)
 */
public record PhaseEvaluator(List<PromptFormat> formats, List<Fact> forget, List<Fact> maintain, List<Fact> heldOut,
        List<Question> questions, List<String> generalText) {

    public static final String GENERAL = "general";

    /** Every metric of this phase. */
    public List<MetricRow> evaluate(LocusModel model, String method, long seed, String phase) {
        List<MetricRow> rows = new ArrayList<>();
        FormatScorer scorer = new FormatScorer(model);
        for (PromptFormat f : formats) {
            facts(rows, scorer.score(f, forget), method, seed, phase, "forget", true);
            if (!maintain.isEmpty()) {
                facts(rows, scorer.score(f, maintain), method, seed, phase, "maintain", false);
            }
            if (!heldOut.isEmpty()) {
                facts(rows, scorer.score(f, heldOut), method, seed, phase, "maintain-held-out", false);
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
            rows.add(new MetricRow(method, seed, phase, f.name(), split, "accuracy", s.accuracy()));
            rows.add(new MetricRow(method, seed, phase, f.name(), split, "probability", s.meanProbability()));
        }
        return rows;
    }

    /** The general side alone: question accuracy and text loss. */
    public void general(List<MetricRow> rows, LocusModel model, String method, long seed, String phase) {
        if (!questions.isEmpty()) {
            FormatScore q = GeneralCapability.questions(model, questions);
            rows.add(new MetricRow(method, seed, phase, GENERAL, GENERAL, "accuracy", q.accuracy()));
            rows.add(new MetricRow(method, seed, phase, GENERAL, GENERAL, "probability", q.meanProbability()));
        }
        if (!generalText.isEmpty()) {
            rows.add(new MetricRow(method, seed, phase, GENERAL, GENERAL, "loss", GeneralCapability.textLoss(model, generalText)));
        }
    }

    private static void facts(List<MetricRow> rows, FormatScore s, String method, long seed, String phase, String split,
                              boolean edit) {
        rows.add(new MetricRow(method, seed, phase, s.format(), split, "accuracy", s.accuracy()));
        rows.add(new MetricRow(method, seed, phase, s.format(), split, "probability", s.meanProbability()));
        if (edit && !Double.isNaN(s.editAccuracy())) {
            rows.add(new MetricRow(method, seed, phase, s.format(), split, "edit_accuracy", s.editAccuracy()));
            rows.add(new MetricRow(method, seed, phase, s.format(), split, "edit_probability", s.editProbability()));
        }
    }
}
