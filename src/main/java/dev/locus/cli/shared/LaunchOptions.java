package dev.locus.cli.shared;

import dev.locus.experiment.config.ClusterSettings;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How a sweep's runs are launched (a picocli mixin): each flag overrides the config's {@code "cluster"} field of the
 * same name.
 */
public final class LaunchOptions {
    @Option(names = "--launcher", paramLabel = "local|slurm",
            description = "local: worker processes on this machine; slurm: a job array per submission (default: the"
                    + " config's cluster.launcher, else local)")
    public String launcher;

    @Option(names = "--workers", paramLabel = "N",
            description = "local worker processes at once (default: one per GPU, else 1); each gets its share of the"
                    + " cores as threads")
    public Integer workers;

    @Option(names = "--detach", description = "return once the runs are submitted; `locus status DIR` shows them")
    public boolean detach;

    @Option(names = "--partition", paramLabel = "P", description = "Slurm partition")
    public String partition;

    @Option(names = "--time", paramLabel = "T", description = "Slurm time limit per run (HH:MM:SS, D-HH:MM:SS)")
    public String time;

    @Option(names = "--gpus-per-task", paramLabel = "N", description = "GPUs per run on Slurm (--gres=gpu:N)")
    public Integer gpus;

    @Option(names = "--cpus-per-task", paramLabel = "N", description = "CPUs (and threads) per run on Slurm")
    public Integer cpus;

    @Option(names = "--mem", paramLabel = "SIZE", description = "memory per run on Slurm (e.g. 64G)")
    public String memory;

    @Option(names = "--max-parallel", paramLabel = "K", description = "runs of a Slurm array at once (%K)")
    public Integer maxParallel;

    @Option(names = "--sbatch", paramLabel = "OPTION",
            description = "one more #SBATCH line (repeatable), e.g. --sbatch=--account=lab")
    public List<String> sbatch;

    @Option(names = "--setup", paramLabel = "LINE",
            description = "a shell line run before Locus on the node (repeatable), e.g. 'module load cuda/12.1'")
    public List<String> setup;

    @Option(names = "--locus-command", paramLabel = "CMD",
            description = "how the nodes start Locus (default: this Java and class path)")
    public String locusCommand;

    /** Whether any flag but --detach was given. */
    public boolean any() {
        return launcher != null || workers != null || partition != null || time != null || gpus != null
                || cpus != null || memory != null || maxParallel != null || sbatch != null || setup != null
                || locusCommand != null;
    }

    /** {@code base} with the flags given. */
    public ClusterSettings over(ClusterSettings base) {
        return base.overriddenBy(launcher, workers, partition, time, gpus, cpus, memory, maxParallel, sbatch, setup,
                locusCommand);
    }
}
