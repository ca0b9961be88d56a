package dev.locus.sweep.launch;

import dev.locus.experiment.config.ClusterSettings;
import dev.locus.sweep.SweepFiles;
import dev.locus.sweep.SweepInfo;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * The batch script of a sweep's job arrays ({@code slurm/sweep.sbatch}): the {@code #SBATCH} lines from the cluster
 * settings, the setup lines, then the task for the array index. One script serves every submission; the
 * {@code --array} list goes on sbatch's command line. Each task appends its output to its run's log; Slurm's own
 * output file ({@code slurm/%A_%a.out}) keeps what comes before (a failing setup line).
 */
public final class SbatchScript {
    public static final String FILE = "slurm/sweep.sbatch";

    private SbatchScript() {
    }

    public static String render(Path dir, SweepInfo info) {
        ClusterSettings c = info.cluster();
        String d = dir.toAbsolutePath().toString();
        StringBuilder b = new StringBuilder("#!/bin/bash\n");
        b.append("#SBATCH --job-name=").append(jobName(info)).append('\n');
        b.append("#SBATCH --output=").append(sbatchWord(d + "/slurm/%A_%a.out")).append('\n');
        b.append("#SBATCH --ntasks=1\n");
        if (c.partition() != null) {
            b.append("#SBATCH --partition=").append(c.partition()).append('\n');
        }
        if (c.time() != null) {
            b.append("#SBATCH --time=").append(c.time()).append('\n');
        }
        if (c.gpusPerTask() > 0) {
            b.append("#SBATCH --gres=gpu:").append(c.gpusPerTask()).append('\n');
        }
        if (c.cpusPerTask() > 0) {
            b.append("#SBATCH --cpus-per-task=").append(c.cpusPerTask()).append('\n');
        }
        if (c.memory() != null) {
            b.append("#SBATCH --mem=").append(c.memory()).append('\n');
        }
        for (String line : c.sbatch()) {
            b.append("#SBATCH ").append(line.strip()).append('\n');
        }
        b.append("# Written by Locus for the sweep in ").append(d).append(": one array task per manifest line.\n");
        b.append("# Submitted as: sbatch --array=<lines> ").append(d).append('/').append(FILE).append('\n');
        b.append("set -u\n");
        for (String line : c.setup()) {
            b.append(line.strip()).append('\n');
        }
        b.append("SWEEP=").append(quote(d)).append('\n');
        b.append("ID=$(sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" \"$SWEEP/").append(SweepFiles.IDS).append("\")\n");
        b.append("if [ -z \"$ID\" ]; then echo \"locus: no run $SLURM_ARRAY_TASK_ID in $SWEEP/")
                .append(SweepFiles.IDS).append("\" >&2; exit 2; fi\n");
        // a run's threads: the CPUs Slurm gave the task
        b.append("export LOCUS_THREADS=${SLURM_CPUS_PER_TASK:-1} OMP_NUM_THREADS=${SLURM_CPUS_PER_TASK:-1}\n");
        b.append("exec ").append(info.command().stream().map(SbatchScript::quote).collect(Collectors.joining(" ")))
                .append(" sweep-task \"$SWEEP\" --index \"$SLURM_ARRAY_TASK_ID\" >> \"$SWEEP/runs/$ID.log\" 2>&1\n");
        return b.toString();
    }

    /** {@code locus-<name>}, in the characters Slurm shows well. */
    static String jobName(SweepInfo info) {
        return "locus-" + info.name().replaceAll("[^A-Za-z0-9._-]", "-");
    }

    /** A word on an #SBATCH line: in double quotes when it has spaces (sbatch reads those lines' quotes itself). */
    static String sbatchWord(String s) {
        return s.chars().anyMatch(Character::isWhitespace) ? "\"" + s + "\"" : s;
    }

    /** A word for bash: as it is when it is plain, else in single quotes. */
    static String quote(String s) {
        if (s.matches("[A-Za-z0-9_./:=,+@%-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }

}
