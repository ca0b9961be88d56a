/**
 * Launchers of a sweep's runs: {@link dev.locus.sweep.launch.LocalLauncher} (worker processes on this machine) and
 * {@link dev.locus.sweep.launch.SlurmLauncher} (one {@code sbatch --array} per submission, state from
 * {@code squeue}/{@code sacct} text), chosen by {@link dev.locus.sweep.launch.Launchers}, and
 * {@link dev.locus.sweep.launch.SweepWatch}, which waits on either with a progress line.
 */
package dev.locus.sweep.launch;
