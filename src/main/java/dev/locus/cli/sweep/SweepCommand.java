package dev.locus.cli.sweep;

import dev.locus.cli.shared.ComputeOptions;
import dev.locus.cli.shared.LaunchOptions;
import dev.locus.experiment.config.ClusterSettings;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.sweep.SweepEntry;
import dev.locus.sweep.SweepInfo;
import dev.locus.sweep.SweepPlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code locus sweep CONFIG... --out DIR}: choose each method's learning rate and forget coefficient, as the paper did. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Edit with every learning rate x forget coefficient for every method of each CONFIG (its first"
                + " seed), and choose per method the pair that forgets best in the edit format while keeping maintain"
                + " accuracy at or above --maintain-floor.",
                "Each edit is a run of its own (a line of DIR/manifest.jsonl, a folder in DIR/runs/), launched on this"
                + " machine or as a Slurm job array; an interrupted sweep resumes where it stopped. When every run is"
                + " complete, writes sweep.csv (every trial), sweep.json (a method_edit block for the config) and"
                + " figures/sweep.png."})
public final class SweepCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "CONFIG", description = "experiment configs (JSON)")
    List<Path> configs;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "sweep folder: new, empty, the same sweep (taken up where it stands), or replaced with --force")
    Path out;

    @Option(names = "--force", description = "replace a sweep of other runs in DIR")
    boolean force;

    @Mixin
    ComputeOptions compute;

    @Mixin
    LaunchOptions launch;

    @Option(names = "--lr", split = ",", defaultValue = "1e-3,2e-3,4e-3", paramLabel = "LR,...",
            description = "learning rates (default: ${DEFAULT-VALUE})")
    List<Double> lrs;

    @Option(names = "--forget-coef", split = ",", defaultValue = "1,2", paramLabel = "C,...",
            description = "forget coefficients (default: ${DEFAULT-VALUE})")
    List<Double> coefs;

    @Option(names = "--maintain-floor", defaultValue = "0.9", paramLabel = "F",
            description = "maintain accuracy a choice must keep (default: ${DEFAULT-VALUE})")
    double floor;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<ExperimentConfig> cs = new ArrayList<>();
        for (Path p : configs) {
            ExperimentConfig c = ExperimentConfig.read(p);
            c.checkInputsExist(p.getFileName().toString());
            cs.add(c);
        }
        ClusterSettings cluster = checked(launch.over(ClusterSettings.of(configs.get(0))), compute);
        List<SweepEntry> entries = SweepPlan.trials(cs, lrs, coefs);
        SweepInfo info = SweepInfo.fresh(SweepEntry.TRIAL, cs.get(0).name(), floor, compute.device, compute.dtype,
                cluster);
        return SweepConsole.launch(spec.commandLine().getOut(), spec.commandLine().getErr(),
                out.toAbsolutePath().normalize(), entries, info, force, launch.detach);
    }

    /**
     * The launch settings, with the device and type checked where the runs will compute: here for the local
     * launcher (a --device gpu on a machine without one fails now, not in every run); on Slurm only the spelling.
     */
    public static ClusterSettings checked(ClusterSettings cluster, ComputeOptions compute) {
        dev.locus.model.ComputeType.parse(compute.dtype);
        if (cluster.launcher().equals(ClusterSettings.LOCAL)) {
            compute.device();
        }
        return cluster;
    }
}
