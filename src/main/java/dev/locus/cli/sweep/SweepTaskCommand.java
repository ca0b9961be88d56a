package dev.locus.cli.sweep;

import dev.locus.cli.shared.ConsoleListener;
import dev.locus.sweep.SweepFiles;
import dev.locus.sweep.SweepTask;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code locus sweep-task DIR --index I}: one run of a sweep; what launchers start (hidden from the help). */
@Command(name = "sweep-task", hidden = true, mixinStandardHelpOptions = true,
        description = "Run line I of the sweep's manifest into its run folder (launchers start this).")
public final class SweepTaskCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "the sweep folder")
    Path dir;

    @Option(names = "--index", required = true, paramLabel = "I", description = "the manifest line, from 0")
    int index;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        SweepTask.Outcome o = SweepTask.run(SweepFiles.requireSweep(dir), index, new ConsoleListener(err, System.nanoTime()));
        err.println(o == SweepTask.Outcome.ALREADY_COMPLETE ? "locus: run " + index + " was already complete"
                : "locus: run " + index + " complete");
        err.flush();
        return 0;
    }
}
