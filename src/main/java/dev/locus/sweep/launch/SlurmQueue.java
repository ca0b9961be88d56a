package dev.locus.sweep.launch;

import dev.locus.sweep.RunState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Slurm's text, read and written: the {@code --array} list of a submission, {@code squeue -h -r -o %i|%T} lines, and
 * {@code sacct -n -P -X -o JobID,State,ExitCode} lines. Text formats, not JSON: those change between Slurm versions
 * (and need plugins some clusters lack); these columns have been stable since Slurm 14.
 */
public final class SlurmQueue {
    /** squeue's format: the array task ({@code 123_4}) and its state ({@code PENDING}). */
    public static final String SQUEUE_FORMAT = "%i|%T";
    /** sacct's columns. */
    public static final String SACCT_FIELDS = "JobID,State,ExitCode";

    private SlurmQueue() {
    }

    /** {@code 0-3,7,9-10%2}: the indexes as ranges, at most {@code maxParallel} at once (0: no limit). */
    public static String arraySpec(List<Integer> indexes, int maxParallel) {
        List<Integer> sorted = new ArrayList<>(new TreeSet<>(indexes));
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < sorted.size(); ) {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
                j++;
            }
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(sorted.get(i));
            if (j > i) {
                b.append('-').append(sorted.get(j));
            }
            i = j + 1;
        }
        return maxParallel > 0 ? b + "%" + maxParallel : b.toString();
    }

    /**
     * The array tasks of {@code jobs} in squeue's lines, by index: pending (and the like) as queued, running as
     * running. A line of tasks not yet split ({@code 123_[4-6%2]}) counts for each of them.
     */
    public static Map<Integer, RunState> parseSqueue(String text, Set<String> jobs) {
        Map<Integer, RunState> held = new HashMap<>();
        for (String line : text.split("\\R")) {
            String[] f = line.strip().split("\\|");
            if (f.length < 2) {
                continue;
            }
            int us = f[0].indexOf('_');
            if (us < 0 || !jobs.contains(f[0].substring(0, us))) {
                continue;
            }
            RunState state = queueState(f[1].strip());
            if (state == null) {
                continue;
            }
            for (int index : tasks(f[0].substring(us + 1))) {
                held.put(index, state);
            }
        }
        return held;
    }

    /** Slurm's job states that mean the task is still to run or running; null for ended ones. */
    static RunState queueState(String s) {
        return switch (s) {
            case "PENDING", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "RESV_DEL_HOLD", "CONFIGURING", "SUSPENDED",
                    "RESIZING", "SIGNALING", "STAGE_OUT" -> RunState.QUEUED;
            case "RUNNING", "COMPLETING" -> RunState.RUNNING;
            default -> null;
        };
    }

    /** {@code 4}, or {@code [4-6,9%2]} as 4, 5, 6, 9. */
    static List<Integer> tasks(String s) {
        List<Integer> out = new ArrayList<>();
        String body = s.startsWith("[") ? s.substring(1, s.indexOf(']') < 0 ? s.length() : s.indexOf(']')) : s;
        int pct = body.indexOf('%');
        if (pct >= 0) {
            body = body.substring(0, pct);
        }
        for (String part : body.split(",")) {
            try {
                int dash = part.indexOf('-');
                if (dash < 0) {
                    out.add(Integer.parseInt(part.strip()));
                } else {
                    for (int i = Integer.parseInt(part.substring(0, dash).strip());
                            i <= Integer.parseInt(part.substring(dash + 1).strip()); i++) {
                        out.add(i);
                    }
                }
            } catch (NumberFormatException e) {
                // not an array task (a plain job id): nothing of ours
            }
        }
        return out;
    }

    /** sacct's lines: job id ({@code 123_4}) to {@code {state, exit code}}; steps and headers are skipped. */
    public static Map<String, String[]> parseSacct(String text) {
        Map<String, String[]> jobs = new LinkedHashMap<>();
        for (String line : text.split("\\R")) {
            String[] f = line.strip().split("\\|");
            if (f.length < 3 || f[0].contains(".") || f[0].equals("JobID")) {
                continue;
            }
            // "CANCELLED by 0" is a state with its author
            jobs.put(f[0], new String[] {f[1].strip(), f[2].strip()});
        }
        return jobs;
    }
}
