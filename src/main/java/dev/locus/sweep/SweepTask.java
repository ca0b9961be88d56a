package dev.locus.sweep;

import dev.locus.experiment.ExperimentRunner;
import dev.locus.experiment.ParameterSweep;
import dev.locus.experiment.RunListener;
import dev.locus.experiment.RunRecorder;
import dev.locus.export.RunFigures;
import dev.locus.model.ComputeType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Runs one line of a sweep's manifest, in whichever process a launcher started for it: writes its status file
 * (running; then complete, failed, or cancelled on a signal), runs it into its own run folder, and, when it was the
 * last run to complete, writes the sweep's summary. A run that is already complete is not run again.
 */
public final class SweepTask {
    private SweepTask() {
    }

    /** What became of the task. */
    public enum Outcome { COMPLETE, ALREADY_COMPLETE }

    /**
     * Runs line {@code index} of the sweep in {@code dir}. A failure is written to the run's status file and thrown
     * on (the command line prints it into the run's log, whose last line the sweep's status shows).
     */
    public static Outcome run(Path dir, int index, RunListener listener) {
        List<SweepEntry> entries = SweepManifest.read(dir);
        if (index < 0 || index >= entries.size()) {
            throw new dev.locus.core.LocusException(dir + ": the sweep has runs 0 to " + (entries.size() - 1)
                    + ", not " + index);
        }
        SweepEntry e = entries.get(index);
        SweepInfo info = SweepInfo.read(dir);
        RunStatus before = RunStatus.read(dir, e.id());
        if (before != null && before.state() == RunState.COMPLETE) {
            SweepSummary.writeIfDone(dir);
            return Outcome.ALREADY_COMPLETE;
        }
        RunStatus status = new RunStatus(RunState.RUNNING, before == null ? 1 : before.attempt() + 1, host(),
                ProcessHandle.current().pid(), slurmJob(), Instant.now().toString(), null, 0, null);
        status.write(dir, e.id());
        System.err.printf("locus: sweep %s, run %d of %d (%s, %s), attempt %d on %s, pid %d%s%n", info.name(), index,
                entries.size(), e.label(), e.id(), status.attempt(), status.host(), status.pid(),
                status.job() == null ? "" : ", Slurm job " + status.job());
        long start = System.nanoTime();
        // scancel, locus cancel and kill send SIGTERM: the JVM runs its shutdown hooks, and this one says so
        boolean[] ended = {false};
        Thread onSignal = new Thread(() -> {
            synchronized (ended) {
                if (!ended[0]) {
                    status.ended(RunState.CANCELLED, seconds(start), "stopped by a signal (locus cancel, scancel or"
                            + " kill)").write(dir, e.id());
                }
            }
        }, "locus-sweep-cancel");
        Runtime.getRuntime().addShutdownHook(onSignal);
        try {
            execute(dir, e, info, SweepFiles.runFolder(dir, e.id()), listener);
            finish(ended, () -> status.ended(RunState.COMPLETE, seconds(start), null).write(dir, e.id()));
        } catch (RuntimeException | Error x) {
            String why = x.getMessage() == null ? x.toString() : x.getMessage();
            finish(ended, () -> status.ended(RunState.FAILED, seconds(start), why).write(dir, e.id()));
            throw x;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already stopping: the hook has run or will, and finds the run ended
            }
        }
        SweepSummary.writeIfDone(dir);
        return Outcome.COMPLETE;
    }

    private static void finish(boolean[] ended, Runnable write) {
        synchronized (ended) {
            if (!ended[0]) {
                write.run();
                ended[0] = true;
            }
        }
    }

    private static void execute(Path dir, SweepEntry e, SweepInfo info, Path out, RunListener listener) {
        ComputeType dtype = "auto".equals(info.dtype()) ? null : ComputeType.parse(info.dtype());
        String label = e.label() + " (" + e.id() + ")";
        if (e.kind().equals(SweepEntry.TRIAL)) {
            ParameterSweep.trial(SelectionCache.use(dir, e.config()), label, out, true, info.device(), dtype, listener);
            SelectionCache.keep(dir, e.config(), out);
        } else {
            RunRecorder run = ExperimentRunner.run(e.config(), label, out, true, info.device(), dtype, listener);
            RunFigures.write(run, e.config());
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /** This machine's name, as Slurm and people call it. */
    public static String host() {
        String h = System.getenv("SLURMD_NODENAME");
        if (h != null && !h.isBlank()) {
            return h;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException ex) {
            return "localhost";
        }
    }

    private static String slurmJob() {
        String job = System.getenv("SLURM_ARRAY_JOB_ID");
        String task = System.getenv("SLURM_ARRAY_TASK_ID");
        return job == null || task == null ? null : job + "_" + task;
    }
}
