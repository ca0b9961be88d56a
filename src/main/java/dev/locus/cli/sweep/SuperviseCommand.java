package dev.locus.cli.sweep;

import dev.locus.sweep.SweepFiles;
import dev.locus.sweep.launch.LocalLauncher;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code locus sweep-supervise DIR}: the local launcher's workers, detached (hidden from the help). */
@Command(name = "sweep-supervise", hidden = true, mixinStandardHelpOptions = true,
        description = "Run the given lines of the sweep with N local workers, then exit (--detach starts this).")
public final class SuperviseCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "the sweep folder")
    Path dir;

    @Option(names = "--workers", required = true, paramLabel = "N")
    int workers;

    @Option(names = "--indexes", required = true, split = ",", paramLabel = "I,...")
    List<Integer> indexes;

    @Override
    public Integer call() {
        LocalLauncher.supervise(SweepFiles.requireSweep(dir), indexes, workers);
        return 0;
    }
}
