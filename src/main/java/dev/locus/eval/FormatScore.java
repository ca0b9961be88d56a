package dev.locus.eval;

/**
 * How a model does on one prompt format. {@code accuracy} is the paper's (src/docs/paper.md §5): the mean over
 * prompts of the correct answer's probability renormalized over the candidates. {@code argmaxAccuracy} is the share
 * of prompts whose correct answer gets the highest of those probabilities. The same two for the edit target, over
 * the prompts that have one (NaN when none has).
 *
 * <p>The components keep the order of the record's earlier form (argmax share, then mean probability), so a
 * positional constructor call means what it meant; only the accessors' names changed.
 */
public record FormatScore(String format, int prompts, double argmaxAccuracy, double accuracy,
        double editArgmaxAccuracy, double editAccuracy) {

    /** A score without an edit side. */
    public FormatScore(String format, int prompts, double argmaxAccuracy, double accuracy) {
        this(format, prompts, argmaxAccuracy, accuracy, Double.NaN, Double.NaN);
    }
}
