/**
 * Sweeps and multi-seed runs as manifests of independent runs (decision 0015): {@link dev.locus.sweep.SweepPlan}
 * writes the manifest before anything runs, {@link dev.locus.sweep.SweepTask} runs one line of it into its own run
 * folder with a status file, {@link dev.locus.sweep.SweepState} reads where a sweep stands, and
 * {@link dev.locus.sweep.SweepSummary} writes the summary once, when the last run completes. Launchers
 * ({@code sweep.launch}) decide only where and when the lines run.
 */
package dev.locus.sweep;
