package dev.locus.cli.sweep;

import dev.locus.sweep.SweepFiles;
import dev.locus.sweep.SweepState;
import dev.locus.sweep.launch.Sweeps;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code locus status DIR}: where each run of a sweep stands. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show where each run of a sweep (or a multi-seed run with --launcher) stands: pending, queued,"
                + " running, complete, failed, cancelled or lost, with the last line of the log of each run that did"
                + " not complete. Writes the summary if every run is complete and no one has yet."})
public final class StatusCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "the sweep folder")
    Path dir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        SweepState s = Sweeps.state(SweepFiles.requireSweep(dir));
        out.printf("%s: %s sweep %s, %s%n", dir, s.info().kind(), s.info().name(), s.progressLine(
                Math.max(1, s.count(dev.locus.sweep.RunState.RUNNING))));
        if (s.note() != null) {
            out.println("note: " + s.note());
        }
        SweepConsole.printTable(out, s, false);
        out.println(s.summaryWritten() ? SweepConsole.summaryLine(s) : "summary: not yet (written when every run is"
                + " complete)");
        out.flush();
        return 0;
    }
}
