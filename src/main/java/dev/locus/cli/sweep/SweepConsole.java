package dev.locus.cli.sweep;

import dev.locus.core.LocusException;
import dev.locus.sweep.RunState;
import dev.locus.sweep.SweepEntry;
import dev.locus.sweep.SweepInfo;
import dev.locus.sweep.SweepState;
import dev.locus.sweep.launch.Sweeps;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What the sweep commands print: the submission, the progress while waiting, the status table, the outcome. */
public final class SweepConsole {
    private SweepConsole() {
    }

    /**
     * Starts (or takes up) the sweep, then, unless {@code detach}, waits with a progress line on {@code err} and prints
     * the outcome; returns the exit code (1 when a run did not complete).
     */
    public static int launch(PrintWriter out, PrintWriter err, Path dir, List<SweepEntry> entries, SweepInfo info,
                             boolean force, boolean detach) {
        Sweeps.Started s = Sweeps.start(dir, entries, info, force, detach);
        return after(out, err, dir, s, detach);
    }

    /** Prints what a start or resume submitted, then waits unless {@code detach}. */
    static int after(PrintWriter out, PrintWriter err, Path dir, Sweeps.Started s, boolean detach) {
        int total = Sweeps.state(dir).runs().size();
        if (s.submitted().isEmpty()) {
            out.printf(Locale.ROOT, "%s: all %d runs are complete or already running; nothing to submit%n", dir,
                    total);
        } else {
            SweepInfo info = SweepInfo.read(dir);
            SweepInfo.Submission last = info.submissions().get(info.submissions().size() - 1);
            out.printf(Locale.ROOT, "%s: %d of %d runs submitted to %s (%s %s)%s%n", dir, s.submitted().size(), total,
                    s.launcher().name(), s.launcher().name().equals("slurm") ? "job" : "supervisor", last.job(),
                    s.resumed() ? "; the others are complete or running" : "");
        }
        out.flush();
        if (detach) {
            out.println("detached: `locus status " + dir + "` shows the runs, `locus cancel " + dir + "` stops them");
            out.flush();
            return 0;
        }
        SweepState end = Sweeps.await(dir, line -> {
            err.println("[sweep] " + line);
            err.flush();
        }, 2000);
        return outcome(out, end);
    }

    /** The last word on a sweep that is idle: the summary's files, or the runs that did not complete. */
    static int outcome(PrintWriter out, SweepState s) {
        if (s.allComplete()) {
            out.println(summaryLine(s));
            for (Path folder : summaryFolders(s)) {
                printChosen(out, folder);
            }
            out.flush();
            return 0;
        }
        printTable(out, s, true);
        out.flush();
        throw new LocusException(String.format(Locale.ROOT, "%d of %d runs did not complete (%s); `locus resume %s`"
                + " runs them again", s.runs().size() - s.count(RunState.COMPLETE), s.runs().size(),
                s.progressLine(1), s.dir()));
    }

    static String summaryLine(SweepState s) {
        String files = s.info().kind().equals(SweepEntry.TRIAL) ? "sweep.csv, sweep.json, figures/sweep.png"
                : "config.json, metrics.csv, probes.csv, figures/: a run folder of every seed";
        List<Path> folders = summaryFolders(s);
        return String.format(Locale.ROOT, "all %d runs complete; summary in %s (%s)", s.runs().size(),
                folders.size() == 1 ? folders.get(0) : String.join(", ", folders.stream().map(Path::toString).toList()),
                files);
    }

    /** Where the summary is: the sweep folder, or a folder per config when it swept several. */
    static List<Path> summaryFolders(SweepState s) {
        List<String> groups = s.runs().stream().map(r -> r.entry().group()).distinct().toList();
        return groups.size() == 1 ? List.of(s.dir()) : groups.stream().map(s.dir()::resolve).toList();
    }

    /** The chosen settings of a trial sweep, from its sweep.csv. */
    static void printChosen(PrintWriter out, Path dir) {
        Path csv = dir.resolve("sweep.csv");
        if (!Files.isRegularFile(csv)) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(csv);
            out.printf(Locale.ROOT, "%-27s %8s %6s %8s %8s %9s%n", "chosen in " + dir.getFileName() + ":", "lr", "coef",
                    "forget", "edit", "maintain");
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",");
                if (f.length >= 9 && f[8].equals("true")) {
                    out.printf(Locale.ROOT, "%-27s %8.0e %6s %8.3f %8.3f %9.3f%n", f[0], Double.parseDouble(f[1]), f[2],
                            Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]));
                }
            }
        } catch (IOException | RuntimeException e) {
            out.println("(cannot read " + csv + ": " + e.getMessage() + ")");
        }
    }

    /** One line per run (or, with {@code problemsOnly}, per run that is not complete, queued or running). */
    static void printTable(PrintWriter out, SweepState s, boolean problemsOnly) {
        out.printf(Locale.ROOT, "%5s  %-12s  %-9s  %7s  %8s  %s%n", "run", "id", "state", "attempt", "seconds", "label");
        for (SweepState.Row r : s.runs()) {
            if (problemsOnly && !r.state().needsRun()) {
                continue;
            }
            out.printf(Locale.ROOT, "%5d  %-12s  %-9s  %7s  %8s  %s%n", r.entry().index(), r.entry().id(),
                    r.state().key(), r.status() == null ? "-" : Integer.toString(r.status().attempt()),
                    r.seconds() > 0 ? String.format(Locale.ROOT, "%.0f", r.seconds()) : "-", r.entry().label());
            if (!r.lastLine().isEmpty()) {
                out.println("       last line of its log: " + r.lastLine());
            }
        }
    }
}
