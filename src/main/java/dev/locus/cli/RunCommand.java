package dev.locus.cli;

import dev.locus.cli.shared.LaunchOptions;
import dev.locus.cli.sweep.SweepCommand;
import dev.locus.cli.sweep.SweepConsole;
import dev.locus.experiment.ExperimentRunner;
import dev.locus.experiment.RunRecorder;
import dev.locus.experiment.config.ClusterSettings;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.sweep.SweepEntry;
import dev.locus.sweep.SweepInfo;
import dev.locus.sweep.SweepPlan;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code locus run CONFIG --out DIR}: a whole experiment from a config file (see sample-configs/README.md). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run an experiment: localize, select, edit a copy per method, evaluate before/during/after, probe "
                + "for latent knowledge, attack by relearning, and draw the figures.",
                "Writes config.json, run.json, metrics.csv, relearn.csv, probes.csv, results.json, masks/, scores/ "
                + "and figures/ into DIR. The config format is in sample-configs/README.md.",
                "With --launcher (or any launch flag), each seed runs on its own (DIR/runs/), on this machine or on "
                + "Slurm, and DIR gets config.json, metrics.csv, probes.csv and figures/ of all seeds when the last "
                + "completes."})
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "experiment config (JSON)")
    Path config;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "run folder: new, empty, or replaced with --force")
    Path out;

    @Option(names = "--force", description = "replace an earlier run in DIR")
    boolean force;

    @picocli.CommandLine.Mixin
    dev.locus.cli.shared.ComputeOptions compute;

    @picocli.CommandLine.Mixin
    LaunchOptions launch;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ExperimentConfig c = ExperimentConfig.read(config);
        if (launch.any() || launch.detach) {
            return launched(c);
        }
        long start = System.nanoTime();
        RunRecorder run = ExperimentRunner.run(c, config.getFileName().toString(), out, force, compute.device,
                compute.computeType(), new dev.locus.cli.shared.ConsoleListener(err, start));
        dev.locus.export.RunFigures.write(run, c);
        console.printf(Locale.ROOT, "%s: %d methods x %d seeds in %.0f s%n", c.name(), c.methods().size(), c.seeds().size(),
                (System.nanoTime() - start) / 1e9);
        RunSummary.print(console, run, c);
        console.println("wrote " + out);
        console.flush();
        return 0;
    }

    /** Each seed a run of its own through a launcher; DIR becomes a sweep folder whose summary is the whole run. */
    private int launched(ExperimentConfig c) {
        c.checkInputsExist(config.getFileName().toString());
        ClusterSettings cluster = SweepCommand.checked(launch.over(ClusterSettings.of(config)), compute);
        SweepInfo info = SweepInfo.fresh(SweepEntry.RUN, c.name(), 0, compute.device, compute.dtype, cluster);
        return SweepConsole.launch(spec.commandLine().getOut(), spec.commandLine().getErr(),
                out.toAbsolutePath().normalize(), SweepPlan.seeds(c), info, force, launch.detach);
    }

    static String seconds(Map<String, Double> s) {
        StringBuilder b = new StringBuilder();
        s.forEach((k, v) -> b.append(String.format(Locale.ROOT, "%n  %-52s %7.1f s", k, v)));
        return b.toString();
    }
}
