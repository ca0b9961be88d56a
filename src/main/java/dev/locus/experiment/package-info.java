/**
 * Whole experiments ({@code locus run}, {@code locus sweep}): the runner, the run folder and its tables
 * ({@link dev.locus.experiment.MetricRow}, {@link dev.locus.experiment.ProbeRow}), batches of runs read together.
 * Plain Java: tensors stay in the tensor packages. Imports every package below {@code export}.
 */
package dev.locus.experiment;
