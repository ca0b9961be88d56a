package dev.locus.cli;

import dev.locus.experiment.ParameterSweep;
import dev.locus.experiment.config.ExperimentConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code locus sweep CONFIG --out DIR}: choose each method's learning rate and forget coefficient, as the paper did. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Edit with every learning rate x forget coefficient for every method of CONFIG (first seed), and "
                + "choose per method the pair that forgets best in the edit format while keeping maintain accuracy at "
                + "or above --maintain-floor.",
                "Writes sweep.csv (every trial) and sweep.json (a method_edit block for the config)."})
final class SweepCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "experiment config (JSON)")
    Path config;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "sweep folder: new, empty, or replaced with --force")
    Path out;

    @Option(names = "--force", description = "replace an earlier sweep in DIR")
    boolean force;

    @picocli.CommandLine.Mixin
    ModelOptions.Compute compute;

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
        PrintWriter console = spec.commandLine().getOut();
        ExperimentConfig c = ExperimentConfig.read(config);
        long start = System.nanoTime();
        Map<String, ParameterSweep.Trial> chosen = ParameterSweep.run(c, config.getFileName().toString(), out, force, lrs,
                coefs, floor, compute.device, compute.computeType(),
                new RunCommand.ConsoleListener(spec.commandLine().getErr(), start));
        console.printf(Locale.ROOT, "%-27s %8s %6s %8s %8s %9s %9s%n", "method", "lr", "coef", "forget", "edit", "maintain",
                "m. train");
        chosen.forEach((m, t) -> console.printf(Locale.ROOT, "%-27s %8.0e %6s %8.3f %8.3f %9.3f %9.3f%n", m, t.lr(),
                t.forgetCoef(), t.forget(), t.edit(), t.maintain(), t.maintainTrain()));
        console.printf(Locale.ROOT, "%.0f s; wrote %s (sweep.csv, sweep.json)%n", (System.nanoTime() - start) / 1e9, out);
        console.flush();
        return 0;
    }
}
