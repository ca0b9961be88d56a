package dev.locus.sweep.launch;

import dev.locus.core.LocusException;
import dev.locus.experiment.config.ClusterSettings;
import dev.locus.sweep.Launcher;
import dev.locus.sweep.SweepEntry;
import dev.locus.sweep.SweepInfo;
import dev.locus.sweep.SweepPlan;
import dev.locus.sweep.SweepState;
import dev.locus.sweep.SweepSummary;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the command line and the workbench do to a sweep: start it, see where it stands, resume it, cancel it, wait
 * for it. Every start and resume submits exactly the runs that are neither complete nor held by a launcher.
 */
public final class Sweeps {
    private Sweeps() {
    }

    /**
     * What a start or resume did.
     *
     * @param submitted the runs submitted (empty when there was nothing left to run)
     * @param resumed whether the folder already held this sweep
     * @param launcher where they went
     */
    public record Started(List<Integer> submitted, boolean resumed, Launcher launcher) {
    }

    /** Writes the sweep's manifest into {@code dir} (or takes up the same sweep there) and submits what is left. */
    public static Started start(Path dir, List<SweepEntry> entries, SweepInfo info, boolean force, boolean detach) {
        boolean resumed = SweepPlan.create(dir, entries, info, force);
        return submitLeft(dir, SweepInfo.read(dir), detach, resumed);
    }

    /** Submits what is left of the sweep in {@code dir}, with these launch settings (null: as before). */
    public static Started resume(Path dir, ClusterSettings settings, boolean detach) {
        SweepInfo info = SweepInfo.read(dir);
        if (settings != null) {
            info = info.with(settings);
            info.write(dir);
        }
        return submitLeft(dir, info, detach, true);
    }

    private static Started submitLeft(Path dir, SweepInfo info, boolean detach, boolean resumed) {
        SweepState state = state(dir);
        if (state.note() != null && !state.toRun().isEmpty()) {
            // without the queue, a queued run looks like one never started: submitting it would run it twice
            throw new LocusException(dir + ": not submitting: " + state.note());
        }
        Launcher launcher = Launchers.of(info.cluster().launcher());
        List<Integer> left = state.toRun();
        if (left.isEmpty()) {
            return new Started(left, resumed, launcher);
        }
        SweepInfo.Submission s = launcher.submit(dir, info, left, detach);
        info.with(s).write(dir);
        return new Started(left, resumed, launcher);
    }

    /** Where the sweep stands, as every launcher it went to holds it; writes the summary when all is complete. */
    public static SweepState state(Path dir) {
        SweepInfo info = SweepInfo.read(dir);
        SweepState s = SweepState.read(dir, Launchers.held(info));
        if (s.allComplete() && !s.summaryWritten() && !s.summaryInProgress() && SweepSummary.writeIfDone(dir)) {
            s = SweepState.read(dir, Launchers.held(info));
        }
        return s;
    }

    /** Stops every run of the sweep that is queued or running; returns how many. */
    public static int cancel(Path dir) {
        SweepInfo info = SweepInfo.read(dir);
        return Launchers.held(info).cancel(dir, info);
    }

    /**
     * Waits until nothing of the sweep is queued or running, telling {@code progress} the progress line whenever it
     * changes (and at least every minute); returns the last state.
     */
    public static SweepState await(Path dir, Consumer<String> progress, long pollMillis) {
        String shown = null;
        long shownAt = 0;
        long blindSince = 0;
        while (true) {
            SweepState s = state(dir);
            if (s.note() != null) {
                // the queue did not answer (a busy controller): wait on, but not forever
                blindSince = blindSince == 0 ? System.currentTimeMillis() : blindSince;
                if (System.currentTimeMillis() - blindSince > 600_000) {
                    throw new LocusException(dir + ": stopped waiting: for 10 minutes, " + s.note()
                            + "; the runs go on: `locus status " + dir + "`");
                }
                if (!s.note().equals(shown)) {
                    progress.accept(s.note());
                    shown = s.note();
                }
                if (!sleep(pollMillis)) {
                    return s;
                }
                continue;
            }
            blindSince = 0;
            int parallel = parallel(s.info());
            String line = s.progressLine(parallel);
            if (!line.equals(shown) || System.currentTimeMillis() - shownAt > 60_000) {
                progress.accept(line);
                shown = line;
                shownAt = System.currentTimeMillis();
            }
            if (s.idle()) {
                return s;
            }
            if (!sleep(pollMillis)) {
                return s;
            }
        }
    }

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** How many runs go at once: local workers, or Slurm's array limit (all, when unlimited). */
    public static int parallel(SweepInfo info) {
        ClusterSettings c = info.cluster();
        if (c.launcher().equals(ClusterSettings.LOCAL)) {
            return LocalLauncher.workers(c);
        }
        return c.maxParallel() > 0 ? c.maxParallel() : Integer.MAX_VALUE;
    }
}
