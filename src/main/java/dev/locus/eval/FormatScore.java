package dev.locus.eval;

/**
 * How a model does on one prompt format: the share of prompts whose correct answer gets the highest
 * probability among the candidates, and the mean of its probability renormalized over the candidates; the same
 * for the edit target, over the prompts that have one (NaN when none has).
 */
public record FormatScore(String format, int prompts, double accuracy, double meanProbability, double editAccuracy,
        double editProbability) {

    /** A score without an edit side. */
    public FormatScore(String format, int prompts, double accuracy, double meanProbability) {
        this(format, prompts, accuracy, meanProbability, Double.NaN, Double.NaN);
    }
}
