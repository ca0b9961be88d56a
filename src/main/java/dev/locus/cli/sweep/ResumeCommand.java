package dev.locus.cli.sweep;

import dev.locus.cli.shared.LaunchOptions;
import dev.locus.sweep.SweepFiles;
import dev.locus.sweep.SweepInfo;
import dev.locus.sweep.launch.Sweeps;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code locus resume DIR}: submit again exactly the runs that are not complete and not queued or running. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Submit again the runs of a sweep that never started, failed, were cancelled or were lost;"
                + " complete runs, and runs a launcher still holds, are left alone. Launch flags change how (e.g."
                + " --launcher slurm for a sweep begun locally)."})
public final class ResumeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "the sweep folder")
    Path dir;

    @Mixin
    LaunchOptions launch;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path d = SweepFiles.requireSweep(dir);
        SweepInfo info = SweepInfo.read(d);
        Sweeps.Started s = Sweeps.resume(d, launch.any() ? launch.over(info.cluster()) : null, launch.detach);
        return SweepConsole.after(spec.commandLine().getOut(), spec.commandLine().getErr(), d, s, launch.detach);
    }
}
