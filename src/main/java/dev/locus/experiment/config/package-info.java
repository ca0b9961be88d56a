/**
 * The experiment config: {@link dev.locus.experiment.config.ExperimentConfig} and its sections, read and validated
 * from JSON (every problem one line naming the file and the field), written back resolved. Imports {@code data},
 * {@code model.io} and {@code core}.
 */
package dev.locus.experiment.config;
