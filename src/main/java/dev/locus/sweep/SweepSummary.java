package dev.locus.sweep;

import dev.locus.experiment.MetricRow;
import dev.locus.experiment.ParameterSweep;
import dev.locus.experiment.ProbeRow;
import dev.locus.experiment.RunFolder;
import dev.locus.experiment.RunRecorder;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.export.RunFigures;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A sweep's summary, written once, by whichever process first finds every run complete (the task that completed
 * the last run, or {@code locus status}/{@code resume} after it): creating {@code summary.lock} decides which, and
 * {@code summary.done} says it is whole.
 * A trial sweep gets {@code sweep.csv}, {@code sweep.json} (the chosen settings, as {@code locus sweep} always wrote
 * them) and {@code figures/sweep.png}, in a folder per config when it swept several; a multi-seed run gets the folder of one run of every seed: its
 * {@code config.json}, {@code metrics.csv}, {@code relearn.csv}, {@code probes.csv} and {@code figures/}.
 */
public final class SweepSummary {
    private SweepSummary() {
    }

    /** Whether the summary is there, whole. */
    public static boolean written(Path dir) {
        return Files.exists(dir.resolve(SweepFiles.SUMMARY_DONE));
    }

    /** Whether some process is writing the summary now (it holds the lock and has not finished). */
    public static boolean beingWritten(Path dir) {
        return Files.exists(dir.resolve(SweepFiles.SUMMARY_LOCK)) && !written(dir);
    }

    /** A summary lock whose writer, on this machine, is gone (it died writing): nobody is writing. */
    static boolean staleLock(Path dir) {
        try {
            String[] words = java.nio.file.Files.readString(dir.resolve(SweepFiles.SUMMARY_LOCK)).strip().split(" ");
            // "summary by pid P on HOST"
            if (words.length == 6 && words[5].equals(SweepTask.host())) {
                return ProcessHandle.of(Long.parseLong(words[3])).map(h -> !h.isAlive()).orElse(true);
            }
            return false;
        } catch (java.io.IOException | NumberFormatException e) {
            return false;
        }
    }

    /** Writes the summary when every run is complete and no one has written it; returns whether this call wrote it. */
    public static boolean writeIfDone(Path dir) {
        List<SweepEntry> entries = SweepManifest.read(dir);
        for (SweepEntry e : entries) {
            RunStatus s = RunStatus.read(dir, e.id());
            if (s == null || s.state() != RunState.COMPLETE) {
                return false;
            }
        }
        Path lock = dir.resolve(SweepFiles.SUMMARY_LOCK);
        try {
            Files.writeString(lock, "summary by pid " + ProcessHandle.current().pid() + " on " + SweepTask.host()
                    + "\n", java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            if (!written(dir) && staleLock(dir)) {
                try {
                    Files.deleteIfExists(lock); // its writer died: the next call writes it
                } catch (IOException ignored) {
                    // another process removed it first
                }
            }
            return false;
        } catch (IOException e) {
            throw new dev.locus.core.LocusException(lock + ": cannot create (" + e.getMessage() + ")", e);
        }
        try {
            write(dir, entries, SweepInfo.read(dir));
            dev.locus.model.io.AtomicFiles.writeString(dir.resolve(SweepFiles.SUMMARY_DONE),
                    java.time.Instant.now() + "\n");
            return true;
        } catch (RuntimeException | Error e) {
            try {
                Files.deleteIfExists(lock); // the next to look writes it
            } catch (IOException ignored) {
                // the lock stays; the message below says what failed
            }
            throw e;
        }
    }

    private static void write(Path dir, List<SweepEntry> entries, SweepInfo info) {
        if (info.kind().equals(SweepEntry.TRIAL)) {
            java.util.Map<String, List<ParameterSweep.Trial>> byConfig = new java.util.LinkedHashMap<>();
            for (SweepEntry e : entries) {
                byConfig.computeIfAbsent(e.group(), g -> new ArrayList<>())
                        .add(ParameterSweep.readTrial(SweepFiles.runFolder(dir, e.id())));
            }
            // one config: its summary is the sweep's; several: one folder each, named by the config
            for (var group : byConfig.entrySet()) {
                Path to = byConfig.size() == 1 ? dir : dir.resolve(group.getKey());
                // the table by method (in the config's order), then rate and coefficient, whatever order they ran in
                List<String> methods = group.getValue().stream().map(ParameterSweep.Trial::method).distinct().toList();
                group.getValue().sort(java.util.Comparator
                        .comparingInt((ParameterSweep.Trial t) -> methods.indexOf(t.method()))
                        .thenComparingDouble(ParameterSweep.Trial::lr)
                        .thenComparingDouble(ParameterSweep.Trial::forgetCoef));
                ParameterSweep.summarize(to, group.getValue(), info.maintainFloor());
                SweepFigure.write(to.resolve("figures"), group.getValue(), info.maintainFloor());
            }
            return;
        }
        List<MetricRow> metrics = new ArrayList<>();
        List<ProbeRow> probes = new ArrayList<>();
        LinkedHashSet<Long> seeds = new LinkedHashSet<>();
        for (SweepEntry e : entries) {
            RunFolder run = RunFolder.read(SweepFiles.runFolder(dir, e.id()));
            metrics.addAll(run.metrics());
            probes.addAll(run.probes());
            seeds.addAll(e.config().seeds());
        }
        ExperimentConfig first = entries.get(0).config();
        ExperimentConfig all = first.withRun(info.name(), List.copyOf(seeds), first.methods());
        all.write(dir.resolve("config.json"));
        RunRecorder.writeTables(dir, metrics, probes);
        if (all.figures().enabled()) {
            RunFigures.write(dir.resolve("figures"), metrics, probes, all.figures(), RunFigures.generalName(all), file -> { });
        }
    }
}
