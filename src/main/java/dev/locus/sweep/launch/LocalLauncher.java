package dev.locus.sweep.launch;

import dev.locus.core.LocusException;
import dev.locus.experiment.config.ClusterSettings;
import dev.locus.sweep.Launcher;
import dev.locus.sweep.RunState;
import dev.locus.sweep.RunStatus;
import dev.locus.sweep.SweepEntry;
import dev.locus.sweep.SweepInfo;
import dev.locus.sweep.SweepManifest;
import dev.locus.sweep.SweepTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs a sweep on this machine: a {@link WorkerPool} of {@code workers} task processes, in this process, or with
 * {@code --detach} in a supervising process of its own ({@code locus sweep-supervise}) that outlives the command.
 * The submission's job is the supervising process, {@code host:pid}.
 */
public final class LocalLauncher implements Launcher {
    public static final String SUPERVISOR_LOG = "supervisor.log";

    @Override
    public String name() {
        return ClusterSettings.LOCAL;
    }

    /** Worker processes for these settings: as asked, else one per GPU, else one. */
    public static int workers(ClusterSettings c) {
        if (c.workers() > 0) {
            return c.workers();
        }
        return Math.max(1, gpus());
    }

    /** GPUs this machine has (0 without CUDA), without starting the engine. */
    static int gpus() {
        try {
            return ai.djl.util.cuda.CudaUtils.getGpuCount();
        } catch (RuntimeException | LinkageError e) {
            return 0;
        }
    }

    @Override
    public SweepInfo.Submission submit(Path dir, SweepInfo info, List<Integer> indexes, boolean detach) {
        if (!live(dir, info).isEmpty()) {
            throw new LocusException(dir + ": the sweep is already running on this machine; `locus cancel " + dir
                    + "` stops it");
        }
        int workers = workers(info.cluster());
        if (!detach) {
            WorkerPool pool = new WorkerPool(dir, info.command(), indexes, workers, gpus()).start();
            // Ctrl-C of the waiting command stops the workers, which say so in their status files
            Runtime.getRuntime().addShutdownHook(new Thread(pool::stop, "locus-sweep-stop"));
            return SweepInfo.now(name(), SweepTask.host() + ":" + ProcessHandle.current().pid(), indexes);
        }
        List<String> cmd = new ArrayList<>();
        if (Processes.onPath("setsid")) {
            cmd.add("setsid"); // its own session: closing the terminal does not hang it up
        }
        cmd.addAll(info.command());
        cmd.addAll(List.of("sweep-supervise", dir.toAbsolutePath().toString(), "--workers", Integer.toString(workers),
                "--indexes", indexes.stream().map(String::valueOf).collect(Collectors.joining(","))));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(SUPERVISOR_LOG).toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            return SweepInfo.now(name(), SweepTask.host() + ":" + p.pid(), indexes);
        } catch (IOException e) {
            throw new LocusException("cannot start the sweep's supervising process (" + String.join(" ", cmd) + "): "
                    + e.getMessage(), e);
        }
    }

    /** Runs {@code indexes} with {@code workers} slots from this process until they end (the detached supervisor). */
    public static void supervise(Path dir, List<Integer> indexes, int workers) {
        SweepInfo info = SweepInfo.read(dir);
        WorkerPool pool = new WorkerPool(dir, info.command(), indexes, workers, gpus()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(pool::stop, "locus-sweep-stop"));
        pool.await();
    }

    @Override
    public Map<Integer, RunState> live(Path dir, SweepInfo info) {
        Map<Integer, RunState> held = new HashMap<>();
        WorkerPool pool = WorkerPool.ACTIVE.get(dir.toAbsolutePath());
        if (pool != null) {
            pool.waiting().forEach(i -> held.put(i, RunState.QUEUED));
            pool.inFlight().forEach(i -> held.put(i, RunState.RUNNING));
            return held;
        }
        Optional<SweepInfo.Submission> last = lastLocal(info);
        if (last.isEmpty() || supervisor(last.get()).isEmpty()) {
            return held;
        }
        List<SweepEntry> entries = SweepManifest.read(dir);
        Instant submitted = Instant.parse(last.get().time());
        for (int i : last.get().indexes()) {
            RunStatus s = RunStatus.read(dir, entries.get(i).id());
            if (s == null || startedBefore(s, submitted)) {
                held.put(i, RunState.QUEUED);
            } else if (s.state() == RunState.RUNNING) {
                held.put(i, RunState.RUNNING);
            }
        }
        return held;
    }

    /** Whether the status is of an attempt before the submission (a damaged time counts as before). */
    static boolean startedBefore(RunStatus s, Instant submitted) {
        try {
            return Instant.parse(s.started()).isBefore(submitted);
        } catch (java.time.format.DateTimeParseException e) {
            return true;
        }
    }

    private static Optional<SweepInfo.Submission> lastLocal(SweepInfo info) {
        SweepInfo.Submission last = null;
        for (SweepInfo.Submission s : info.submissions()) {
            if (s.launcher().equals(ClusterSettings.LOCAL)) {
                last = s;
            }
        }
        return Optional.ofNullable(last);
    }

    /** The submission's supervising process when it is another process on this machine and still alive. */
    private static Optional<ProcessHandle> supervisor(SweepInfo.Submission s) {
        int colon = s.job().lastIndexOf(':');
        if (colon < 0 || !s.job().substring(0, colon).equals(SweepTask.host())) {
            return Optional.empty();
        }
        long pid = Long.parseLong(s.job().substring(colon + 1));
        if (pid == ProcessHandle.current().pid()) {
            return Optional.empty(); // this process's own pool is in ACTIVE while it runs
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    }

    @Override
    public int cancel(Path dir, SweepInfo info) {
        int held = live(dir, info).size();
        WorkerPool pool = WorkerPool.ACTIVE.get(dir.toAbsolutePath());
        if (pool != null) {
            pool.stop();
        }
        Optional<ProcessHandle> sup = lastLocal(info).flatMap(LocalLauncher::supervisor);
        if (sup.isPresent()) {
            sup.get().destroy(); // its shutdown hook stops its workers
            try {
                sup.get().onExit().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                sup.get().destroyForcibly();
            }
        }
        // a task whose supervisor died before it: stop it too
        for (SweepEntry e : SweepManifest.read(dir)) {
            RunStatus s = RunStatus.read(dir, e.id());
            if (s != null && s.state() == RunState.RUNNING && s.host().equals(SweepTask.host())
                    && s.pid() != ProcessHandle.current().pid()) {
                // only the task itself: a stale status's pid may belong to another process by now
                ProcessHandle.of(s.pid()).filter(h -> h.info().commandLine()
                                .map(c -> c.contains("sweep-task") && c.contains(dir.toAbsolutePath().toString()))
                                .orElse(false))
                        .ifPresent(h -> {
                            h.destroy();
                            try {
                                h.onExit().get(30, TimeUnit.SECONDS);
                            } catch (Exception x) {
                                h.destroyForcibly();
                            }
                        });
            }
        }
        return held;
    }

    @Override
    public String whyLost(Path dir, SweepInfo info, RunStatus status) {
        return status.host().equals(SweepTask.host()) ? "its process (pid " + status.pid() + ") ended without a word"
                + " (killed?)" : null;
    }

}
