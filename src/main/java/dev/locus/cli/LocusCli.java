package dev.locus.cli;

import dev.locus.core.LocusException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The command line: one picocli command per task, all thin over the same classes the workbench uses.
 * A {@link LocusException} becomes one line on stderr and exit code 1; bad arguments exit with 2.
 */
@Command(name = "locus", mixinStandardHelpOptions = true, versionProvider = LocusCli.Version.class,
        description = "Find where a transformer keeps a fact, then edit or unlearn it there.",
        subcommands = {InfoCommand.class, LogitsCommand.class, PlanCommand.class, MakeCheckpointCommand.class, BenchCommand.class, EvaluateCommand.class, LocalizeCommand.class, CircuitCommand.class, RunCommand.class, dev.locus.cli.sweep.SweepCommand.class, dev.locus.cli.sweep.StatusCommand.class, dev.locus.cli.sweep.ResumeCommand.class, dev.locus.cli.sweep.CancelCommand.class, dev.locus.cli.sweep.SweepTaskCommand.class, dev.locus.cli.sweep.SuperviseCommand.class, TrainDemoCommand.class, CommandLine.HelpCommand.class})
public final class LocusCli {

    private LocusCli() {
    }

    /** The command line with every command (tests check the README against it). */
    static CommandLine commandLine() {
        return new CommandLine(new LocusCli());
    }

    /** Runs {@code args} and returns the exit code. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs {@code args} with the given streams (tests capture them) and returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            Throwable t = e;
            while (!(t instanceof LocusException) && t.getCause() != null && t.getCause() != t) {
                t = t.getCause();
            }
            if (t instanceof LocusException) {
                err.println("locus: error: " + t.getMessage());
                return 1;
            }
            boolean memory = dev.locus.model.MemoryBudget.isOutOfMemory(e);
            err.println(memory
                    ? "locus: error: ran out of memory; lower the batch or the number of prompts, or use a machine"
                            + " with more memory (set LOCUS_DEBUG=1 for details)"
                    : "locus: internal error: " + e + " (please report it; set LOCUS_DEBUG=1 for details)");
            if (System.getenv("LOCUS_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return memory ? 1 : 3;
        });
        return cl.execute(args);
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = LocusCli.class.getPackage().getImplementationVersion();
            return new String[] {"locus " + (v == null ? "dev" : v)};
        }
    }
}
