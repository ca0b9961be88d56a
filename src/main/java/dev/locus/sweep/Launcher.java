package dev.locus.sweep;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where and when a sweep's runs execute: the local launcher's worker processes, or Slurm's job arrays. Every
 * launcher starts the same task per run ({@code locus sweep-task DIR --index I}); what a run did is in its run
 * folder and status file, never only in the launcher.
 */
public interface Launcher {

    /** {@code local} or {@code slurm}, as the config's {@code cluster.launcher} names it. */
    String name();

    /**
     * Starts the runs at {@code indexes} of the sweep in {@code dir}; returns the submission, which the caller records
     * in the sweep's launch file. With {@code detach} the runs go on after this process ends; without, a local
     * launcher runs them from this process (its caller then waits for them).
     */
    SweepInfo.Submission submit(Path dir, SweepInfo info, List<Integer> indexes, boolean detach);

    /** The runs this launcher holds now, queued or running, by manifest index. */
    Map<Integer, RunState> live(Path dir, SweepInfo info);

    /** Stops every run of the sweep it holds (running tasks get SIGTERM and say so); returns how many it held. */
    int cancel(Path dir, SweepInfo info);

    /**
     * Why a run that its status file says is running is no longer held (killed, timed out, node lost), when the
     * launcher can tell; null when it cannot.
     */
    default String whyLost(Path dir, SweepInfo info, RunStatus status) {
        return null;
    }
}
