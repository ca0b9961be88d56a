package dev.locus.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a sweep stands: each run's state from its status file, corrected by what its launcher holds now (queued, or a
 * running status whose process is gone: lost), with its log's last line for a run that did not complete.
 *
 * @param dir the sweep folder
 * @param info its launch file
 * @param runs one row per manifest line, in order
 * @param summaryWritten whether the summary is there, whole
 * @param summaryInProgress whether a process is writing it now
 * @param note why the launcher's view is missing (its queue did not answer: states are the status files' alone), or
 *     null
 */
public record SweepState(Path dir, SweepInfo info, List<Row> runs, boolean summaryWritten,
        boolean summaryInProgress, String note) {

    /**
     * One run.
     *
     * @param status its status file, or null when it never started
     * @param lastLine the last line of its log when it did not complete (failed, cancelled, lost), else ""
     */
    public record Row(SweepEntry entry, RunState state, RunStatus status, String lastLine) {
        /** Seconds it ran (its last attempt), or 0. */
        public double seconds() {
            return status == null ? 0 : status.seconds();
        }
    }

    /** Reads the sweep in {@code dir} as {@code launcher} (null: none asked) holds it now. */
    public static SweepState read(Path dir, Launcher launcher) {
        SweepInfo info = SweepInfo.read(dir);
        List<SweepEntry> entries = SweepManifest.read(dir);
        Map<Integer, RunState> live = Map.of();
        String note = null;
        Launcher asked = launcher;       // null when there is none, or it did not answer
        try {
            live = launcher == null ? Map.of() : launcher.live(dir, info);
        } catch (dev.locus.core.LocusException e) {
            // e.g. `locus status` where Slurm is not configured: the status files still say what ran
            note = "cannot ask the " + launcher.name() + " launcher what is queued (" + e.getMessage()
                    + "): states are from the status files alone";
            asked = null;
        }
        List<Row> rows = new ArrayList<>();
        for (SweepEntry e : entries) {
            RunStatus s = RunStatus.read(dir, e.id());
            RunState held = live.get(e.index());
            RunState state;
            if (s == null) {
                state = held != null ? held : RunState.PENDING;
            } else if (s.state() == RunState.RUNNING) {
                state = held != null || asked == null ? RunState.RUNNING : RunState.LOST;
            } else if (held != null && s.state() != RunState.COMPLETE) {
                state = held; // resubmitted and waiting again
            } else {
                state = s.state();
            }
            String last = "";
            if (state == RunState.FAILED || state == RunState.CANCELLED || state == RunState.LOST) {
                last = SweepFiles.lastLine(SweepFiles.log(dir, e.id()));
                if (state == RunState.LOST) {
                    String why = asked.whyLost(dir, info, s);
                    if (why != null) {
                        last = why + (last.isEmpty() ? "" : "; log: " + last);
                    }
                }
            }
            rows.add(new Row(e, state, s, last));
        }
        boolean complete = rows.stream().allMatch(r -> r.state() == RunState.COMPLETE);
        return new SweepState(dir, info, rows, SweepSummary.written(dir),
                complete && SweepSummary.beingWritten(dir) && !SweepSummary.staleLock(dir), note);
    }

    public Map<RunState, Integer> counts() {
        Map<RunState, Integer> c = new EnumMap<>(RunState.class);
        runs.forEach(r -> c.merge(r.state(), 1, Integer::sum));
        return c;
    }

    public int count(RunState s) {
        return counts().getOrDefault(s, 0);
    }

    /** Whether nothing is queued or running, and no summary is being written. */
    public boolean idle() {
        return runs.stream().noneMatch(r -> r.state().active()) && !summaryInProgress;
    }

    public boolean allComplete() {
        return count(RunState.COMPLETE) == runs.size();
    }

    /** The indexes a resume runs again: never started, failed, cancelled or lost, and not held by a launcher. */
    public List<Integer> toRun() {
        return runs.stream().filter(r -> r.state().needsRun()).map(r -> r.entry().index()).toList();
    }

    /**
     * Seconds until every queued and running run is done, at the mean time of the complete runs, {@code parallel}
     * at once; NaN before any run completed.
     */
    public double etaSeconds(int parallel) {
        double mean = runs.stream().filter(r -> r.state() == RunState.COMPLETE).mapToDouble(Row::seconds).average()
                .orElse(Double.NaN);
        long left = runs.stream().filter(r -> r.state().active()).count();
        return left == 0 ? 0 : mean * Math.ceil(left / (double) Math.max(1, parallel));
    }

    /** One line: {@code 12/27 complete, 2 running, 3 queued, 1 failed, ETA 8 min}. */
    public String progressLine(int parallel) {
        Map<RunState, Integer> c = counts();
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%d/%d complete", c.getOrDefault(
                RunState.COMPLETE, 0), runs.size()));
        for (RunState s : List.of(RunState.RUNNING, RunState.QUEUED, RunState.PENDING, RunState.FAILED,
                RunState.CANCELLED, RunState.LOST)) {
            if (c.getOrDefault(s, 0) > 0) {
                b.append(", ").append(c.get(s)).append(' ').append(s.key());
            }
        }
        double eta = etaSeconds(parallel);
        if (!idle()) {
            b.append(Double.isNaN(eta) ? ", ETA after the first run" : String.format(Locale.ROOT, ", ETA %s",
                    duration(eta)));
        }
        return b.toString();
    }

    /** {@code 45 s}, {@code 12 min}, {@code 3.5 h}. */
    public static String duration(double seconds) {
        return seconds < 90 ? String.format(Locale.ROOT, "%.0f s", seconds)
                : seconds < 5400 ? String.format(Locale.ROOT, "%.0f min", seconds / 60)
                : String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }
}
