package dev.locus.sweep.launch;

import dev.locus.core.LocusException;
import dev.locus.experiment.config.ClusterSettings;
import dev.locus.model.io.AtomicFiles;
import dev.locus.sweep.Launcher;
import dev.locus.sweep.RunState;
import dev.locus.sweep.RunStatus;
import dev.locus.sweep.SweepInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a sweep as Slurm job arrays: each submission is {@code sbatch --array=<lines>%K slurm/sweep.sbatch}, each array
 * task runs the manifest line of its index. What is queued or running is read from {@code squeue}; why a run was lost
 * from {@code sacct} where the cluster keeps accounting. The run folders and status files stay the source of truth.
 */
public final class SlurmLauncher implements Launcher {
    private static final int TIMEOUT_S = 60;

    @Override
    public String name() {
        return ClusterSettings.SLURM;
    }

    @Override
    public SweepInfo.Submission submit(Path dir, SweepInfo info, List<Integer> indexes, boolean detach) {
        if (!Processes.onPath("sbatch")) {
            throw new LocusException("sbatch is not on PATH: the slurm launcher runs where Slurm's commands are (a"
                    + " login node); or use --launcher local");
        }
        Path script = dir.resolve(SbatchScript.FILE);
        try {
            Files.createDirectories(script.getParent());
        } catch (IOException e) {
            throw new LocusException(script.getParent() + ": cannot create (" + e.getMessage() + ")", e);
        }
        AtomicFiles.writeString(script, SbatchScript.render(dir, info));
        List<String> cmd = List.of("sbatch", "--parsable", "--array="
                + SlurmQueue.arraySpec(indexes, info.cluster().maxParallel()), script.toAbsolutePath().toString());
        Processes.Result r = Processes.run(cmd, TIMEOUT_S);
        if (!r.ok()) {
            throw new LocusException("sbatch refused the sweep's job array: " + firstLine(r.err(), r.out())
                    + " (script: " + script + ")");
        }
        String job = r.out().strip().split(";")[0].strip();
        if (!job.matches("\\d+")) {
            throw new LocusException("sbatch answered \"" + r.out().strip() + "\", not a job id");
        }
        return SweepInfo.now(name(), job, indexes);
    }

    private static String firstLine(String... texts) {
        for (String t : texts) {
            for (String line : t.split("\\R")) {
                if (!line.isBlank()) {
                    return line.strip();
                }
            }
        }
        return "(no message)";
    }

    private static Set<String> jobs(SweepInfo info) {
        Set<String> jobs = new LinkedHashSet<>();
        info.submissions().stream().filter(s -> s.launcher().equals(ClusterSettings.SLURM))
                .forEach(s -> jobs.add(s.job()));
        return jobs;
    }

    @Override
    public Map<Integer, RunState> live(Path dir, SweepInfo info) {
        Set<String> jobs = jobs(info);
        if (jobs.isEmpty()) {
            return Map.of();
        }
        Processes.Result r = Processes.run(List.of("squeue", "-h", "-r", "-o", SlurmQueue.SQUEUE_FORMAT, "-u",
                System.getProperty("user.name")), TIMEOUT_S);
        if (!r.ok()) {
            throw new LocusException("squeue failed: " + firstLine(r.err(), r.out()));
        }
        Map<Integer, RunState> held = new HashMap<>();
        // a later submission of the same index wins over an earlier one (both listed only in odd moments)
        for (String job : jobs) {
            held.putAll(SlurmQueue.parseSqueue(r.out(), Set.of(job)));
        }
        return held;
    }

    @Override
    public int cancel(Path dir, SweepInfo info) {
        int held = live(dir, info).size();
        List<String> cmd = new ArrayList<>(List.of("scancel"));
        cmd.addAll(jobs(info));
        if (cmd.size() > 1 && held > 0) {
            Processes.Result r = Processes.run(cmd, TIMEOUT_S);
            if (!r.ok()) {
                throw new LocusException("scancel failed: " + firstLine(r.err(), r.out()));
            }
        }
        return held;
    }

    @Override
    public String whyLost(Path dir, SweepInfo info, RunStatus status) {
        if (status == null || status.job() == null || !Processes.onPath("sacct")) {
            return null;
        }
        Processes.Result r = Processes.run(List.of("sacct", "-n", "-P", "-X", "-j", status.job(), "-o",
                SlurmQueue.SACCT_FIELDS), TIMEOUT_S);
        if (!r.ok()) {
            return null; // no accounting on this cluster
        }
        String[] s = SlurmQueue.parseSacct(r.out()).get(status.job());
        return s == null ? null : "Slurm says " + s[0] + " (exit " + s[1] + ")";
    }
}
