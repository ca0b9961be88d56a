/**
 * Training the bundled Sports World model from scratch ({@code locus train-demo}): its corpus, vocabulary, recipe,
 * trainer and model card. Imports {@code train}, {@code eval}, {@code localize.method}, {@code data} and {@code model}.
 */
package dev.locus.demo;
