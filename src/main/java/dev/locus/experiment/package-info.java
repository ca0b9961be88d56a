/**
 * Whole experiments ({@code locus run}): the config ({@link dev.locus.experiment.config.ExperimentConfig}, read and
 * validated from JSON, written back resolved), and the rows a run writes and its figures read
 * ({@link dev.locus.experiment.MetricRow}, {@link dev.locus.experiment.ProbeRow}). Plain Java: tensors stay in the
 * tensor packages.
 */
package dev.locus.experiment;
