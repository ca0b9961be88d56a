/**
 * Fact data: facts ({@link dev.locus.data.Fact}), prompt formats and their rendering into prompts with the answers
 * to score ({@link dev.locus.data.PromptFormat}, {@link dev.locus.data.Formats}), datasets, forget / maintain /
 * relearn splits, edit targets, prompt encoding. Says which texts to score and which answer is correct; scoring
 * with a model lives in {@code eval}. Imports {@code core} and {@code model}.
 */
package dev.locus.data;
