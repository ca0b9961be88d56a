/**
 * Fact data: facts ({@link dev.locus.data.Fact}), prompt formats and their rendering into prompts with the
 * answers to score ({@link dev.locus.data.PromptFormat}, {@link dev.locus.data.Formats}), datasets, forget /
 * maintain / relearn splits, edit targets, and the readers for Sports Facts CSV and CounterFact JSON files.
 * Plain Java (Jackson for JSON); imports only {@code dev.locus.model}. Scoring with a model lives elsewhere:
 * this package says which texts to score and which answer is correct. Every problem in a user's file is a
 * one-line {@link dev.locus.core.LocusException} naming the file, the line or record, and what is wrong.
 */
package dev.locus.data;
