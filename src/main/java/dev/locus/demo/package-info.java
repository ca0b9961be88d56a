/**
 * Training the bundled Sports World model from scratch ({@code locus train-demo}): its corpus, vocabulary, recipe,
 * trainer and model card; and the mechanism checks (where a model looks a fact up: ablation per component and
 * position, probes), used on the bundled model and on edited copies. Imports {@code train}, {@code eval},
 * {@code localize.method}, {@code data} and {@code model}.
 */
package dev.locus.demo;
