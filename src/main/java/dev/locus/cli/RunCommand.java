package dev.locus.cli;

import dev.locus.experiment.ExperimentRunner;
import dev.locus.experiment.RunListener;
import dev.locus.experiment.RunRecorder;
import dev.locus.experiment.config.ExperimentConfig;
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
                + "and figures/ into DIR. The config format is in sample-configs/README.md."})
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "experiment config (JSON)")
    Path config;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "run folder: new, empty, or replaced with --force")
    Path out;

    @Option(names = "--force", description = "replace an earlier run in DIR")
    boolean force;

    @picocli.CommandLine.Mixin
    ModelOptions.Compute compute;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ExperimentConfig c = ExperimentConfig.read(config);
        long start = System.nanoTime();
        RunRecorder run = ExperimentRunner.run(c, config.getFileName().toString(), out, force, compute.device,
                compute.computeType(), new ConsoleListener(err, start));
        dev.locus.export.RunFigures.write(run, c);
        console.printf(Locale.ROOT, "%s: %d methods x %d seeds in %.0f s%n", c.name(), c.methods().size(), c.seeds().size(),
                (System.nanoTime() - start) / 1e9);
        RunSummary.print(console, run, c);
        console.println("wrote " + out);
        console.flush();
        return 0;
    }

    /** Stage lines and every tenth of a stage's steps, with the elapsed time, on stderr. */
    static final class ConsoleListener implements RunListener {
        private final PrintWriter err;
        private final long start;
        private int shown = -1;

        ConsoleListener(PrintWriter err, long start) {
            this.err = err;
            this.start = start;
        }

        @Override
        public void stage(String name) {
            shown = -1;
            err.printf(Locale.ROOT, "[%5.0fs] %s%n", (System.nanoTime() - start) / 1e9, name);
            err.flush();
        }

        @Override
        public void step(String stage, int step, int total, double loss) {
            int tenth = total == 0 ? 10 : step * 10 / total;
            if (tenth != shown && tenth > 0) {
                shown = tenth;
                err.printf(Locale.ROOT, "[%5.0fs]   %s %d/%d%s%n", (System.nanoTime() - start) / 1e9, stage, step, total,
                        Double.isNaN(loss) ? "" : String.format(Locale.ROOT, "  forget loss %.3f", loss));
                err.flush();
            }
        }
    }

    static String seconds(Map<String, Double> s) {
        StringBuilder b = new StringBuilder();
        s.forEach((k, v) -> b.append(String.format(Locale.ROOT, "%n  %-52s %7.1f s", k, v)));
        return b.toString();
    }
}
