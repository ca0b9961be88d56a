package dev.locus.eval;

/**
 * How a model does on one prompt format: the share of prompts whose correct answer gets the highest
 * probability among the candidates, and the mean of its probability renormalized over the candidates.
 */
public record FormatScore(String format, int prompts, double accuracy, double meanProbability) {
}
