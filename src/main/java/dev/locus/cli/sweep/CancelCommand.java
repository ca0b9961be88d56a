package dev.locus.cli.sweep;

import dev.locus.sweep.SweepFiles;
import dev.locus.sweep.launch.Sweeps;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code locus cancel DIR}: stop every queued and running run of a sweep. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = {"Stop every queued and running run of a sweep (scancel on Slurm; SIGTERM to local workers)."
                + " Running runs are marked cancelled; complete runs stay; `locus resume DIR` goes on later."})
public final class CancelCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "the sweep folder")
    Path dir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path d = SweepFiles.requireSweep(dir);
        int n = Sweeps.cancel(d);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s: stopped %d queued or running runs; %s%n", d, n, Sweeps.state(d).progressLine(1));
        out.flush();
        return 0;
    }
}
