package dev.locus.ui.sweeps;

import dev.locus.experiment.ParameterSweep;
import dev.locus.experiment.RunFolder;
import dev.locus.experiment.config.ClusterSettings;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.sweep.RunState;
import dev.locus.sweep.SweepEntry;
import dev.locus.sweep.SweepFiles;
import dev.locus.sweep.SweepInfo;
import dev.locus.sweep.SweepPlan;
import dev.locus.sweep.SweepState;
import dev.locus.sweep.launch.Launchers;
import dev.locus.sweep.launch.Sweeps;
import dev.locus.ui.session.WorkbenchContext;
import dev.locus.ui.task.AppLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.ScheduledService;
import javafx.concurrent.Task;
import javafx.util.Duration;

/**
 * The state of the Sweeps panel: the sweep folder open, where its runs stand, a trial sweep's numbers so far, and
 * what went wrong. The folder is read every two seconds on a thread of its own (reading may ask Slurm's squeue);
 * start, resume and cancel run on another (a cancel may wait for processes to end). Call everything on the JavaFX
 * thread.
 */
public final class SweepsViewModel {
    /** How often an open sweep is read again while runs are queued or running. */
    static final Duration POLL = Duration.seconds(2);
    /** ... and while none is (a resume from the command line still shows; squeue is asked less). */
    static final Duration IDLE_POLL = Duration.seconds(10);

    private static final ExecutorService READER = daemon("locus-sweep-poll");
    private static final ExecutorService ACTIONS = daemon("locus-sweep-actions");

    /**
     * One reading of a sweep folder.
     *
     * @param trials the complete trials' numbers (a trial sweep), in manifest order
     * @param progress counts and ETA in one line
     */
    public record Reading(SweepState state, List<ParameterSweep.Trial> trials, String progress) {
    }

    private final WorkbenchContext ctx;
    private final ObjectProperty<Path> folder = new SimpleObjectProperty<>();
    private final ObjectProperty<Reading> reading = new SimpleObjectProperty<>();
    private final ObservableList<SweepState.Row> rows = FXCollections.observableArrayList();
    private final StringProperty progress = new SimpleStringProperty("");
    private final StringProperty problem = new SimpleStringProperty("");
    private final ScheduledService<Reading> poll;
    private Consumer<String> refused;
    private BooleanSupplier slurmAvailable = Launchers::slurmAvailable;

    public SweepsViewModel(WorkbenchContext ctx) {
        this.ctx = ctx;
        this.refused = ctx.message();
        poll = new ScheduledService<>() {
            @Override
            protected Task<Reading> createTask() {
                Path dir = folder.get();
                return new Task<>() {
                    @Override
                    protected Reading call() {
                        return read(dir);
                    }
                };
            }
        };
        poll.setExecutor(READER);
        poll.setPeriod(POLL);
        poll.setDelay(POLL);
        poll.setOnSucceeded(e -> {
            Reading r = poll.getValue();
            if (r != null && r.state().dir().equals(folder.get())) {
                apply(r);
            }
            poll.setPeriod(r != null && r.state().idle() ? IDLE_POLL : POLL);
        });
        // the service keeps polling after a failed read (a status file replaced mid-read, squeue down for a moment)
        poll.setOnFailed(e -> problem.set(AppLog.userMessage(poll.getException())));
    }

    /** The sweep folder open, or null. */
    public ObjectProperty<Path> folder() {
        return folder;
    }

    /** The latest reading, or null before the first. */
    public ObjectProperty<Reading> reading() {
        return reading;
    }

    /** One row per run, in manifest order. */
    public ObservableList<SweepState.Row> rows() {
        return rows;
    }

    public StringProperty progress() {
        return progress;
    }

    /** What went wrong with the open sweep's last reading or action, or "". */
    public StringProperty problem() {
        return problem;
    }

    /** Where a refusal goes (a folder that is not a sweep, a launch that cannot start): one line. */
    public void onRefused(Consumer<String> c) {
        refused = c;
    }

    /** Whether the launch dialog offers Slurm (sbatch on PATH, unless a test says otherwise). */
    public BooleanSupplier slurmAvailable() {
        return slurmAvailable;
    }

    void setSlurmAvailable(BooleanSupplier s) {
        slurmAvailable = s;
    }

    /** Opens a sweep folder and keeps reading it; a folder that is not a sweep is refused with one line. */
    public CompletableFuture<Reading> open(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        return background(READER, "Open sweep", () -> read(SweepFiles.requireSweep(abs)), r -> {
            folder.set(abs);
            apply(r);
            poll.setPeriod(r.state().idle() ? IDLE_POLL : POLL);
            poll.restart();
        });
    }

    /** Reads the open sweep now (after an action; tests). */
    public CompletableFuture<Reading> refresh() {
        Path dir = folder.get();
        if (dir == null) {
            return CompletableFuture.completedFuture(null);
        }
        return background(READER, "Read sweep", () -> read(dir), r -> {
            if (dir.equals(folder.get())) {
                apply(r);
            }
        });
    }

    /** Submits what is left of the open sweep (failed, cancelled, lost, never started) to its launcher. */
    public CompletableFuture<Sweeps.Started> resume() {
        Path dir = folder.get();
        return background(ACTIONS, "Resume sweep", () -> Sweeps.resume(dir, null, true), s -> {
            ctx.message().accept(s.submitted().isEmpty() ? "Nothing left to run: every run is complete or under way"
                    : "Resumed: " + s.submitted().size() + " runs submitted to " + s.launcher().name());
            refresh();
        });
    }

    /** Stops every queued and running run of the open sweep. */
    public CompletableFuture<Integer> cancel() {
        Path dir = folder.get();
        return background(ACTIONS, "Cancel sweep", () -> Sweeps.cancel(dir), n -> {
            ctx.message().accept("Cancelled " + n + (n == 1 ? " run" : " runs") + "; Resume runs them again");
            refresh();
        });
    }

    /** Writes a new learning-rate sweep as the request says, starts it detached, and opens it. */
    public CompletableFuture<Reading> launch(LaunchRequest r) {
        Path out = r.out().toAbsolutePath().normalize();
        return background(ACTIONS, "Launch sweep", () -> {
            ExperimentConfig c = ExperimentConfig.read(r.config());
            c.checkInputsExist(r.config().getFileName().toString());
            ClusterSettings cluster = r.over(ClusterSettings.of(r.config()));
            List<SweepEntry> entries = SweepPlan.trials(List.of(c), r.lrs(), r.coefs());
            SweepInfo info = SweepInfo.fresh(SweepEntry.TRIAL, c.name(), 0.9, "auto", "auto", cluster);
            return Sweeps.start(out, entries, info, false, true);
        }, s -> ctx.message().accept("Sweep started: " + s.submitted().size() + " runs on " + s.launcher().name()))
                .thenCompose(s -> open(out));
    }

    /**
     * A multi-seed run's finished runs into the Results panel: the summary folder of all seeds when it is written,
     * else each complete run's folder. Returns how many folders went there.
     */
    public int showInResults() {
        Reading r = reading.get();
        if (r == null || !r.state().info().kind().equals(SweepEntry.RUN)) {
            return 0;
        }
        List<Path> folders = new ArrayList<>();
        Path dir = r.state().dir();
        if (r.state().summaryWritten() && RunFolder.isRun(dir)) {
            folders.add(dir);
        } else {
            for (SweepState.Row row : r.state().runs()) {
                if (row.state() == RunState.COMPLETE) {
                    folders.add(SweepFiles.runFolder(dir, row.entry().id()));
                }
            }
        }
        if (folders.isEmpty()) {
            ctx.message().accept("No run of this sweep is complete yet");
            return 0;
        }
        for (Path p : folders) {
            if (!ctx.session().runs.contains(p)) {
                ctx.session().runs.add(p);
            }
        }
        ctx.navigate().accept("Results");
        return folders.size();
    }

    /** Stops reading (the window closes). */
    public void close() {
        poll.cancel();
    }

    // ---- off the JavaFX thread ----

    static Reading read(Path dir) {
        SweepState s = Sweeps.state(dir);
        List<ParameterSweep.Trial> trials = new ArrayList<>();
        if (s.info().kind().equals(SweepEntry.TRIAL)) {
            for (SweepState.Row row : s.runs()) {
                Path f = SweepFiles.runFolder(dir, row.entry().id());
                if (row.state() == RunState.COMPLETE && Files.isRegularFile(f.resolve(ParameterSweep.TRIAL_FILE))) {
                    trials.add(ParameterSweep.readTrial(f));
                }
            }
        }
        return new Reading(s, trials, s.progressLine(Sweeps.parallel(s.info())));
    }

    private void apply(Reading r) {
        reading.set(r);
        if (!rows.equals(r.state().runs())) {
            rows.setAll(r.state().runs());
        }
        progress.set(r.progress());
        problem.set("");
    }

    /** Work on an executor, then done on the JavaFX thread; a failure is refused in one line, and logged. */
    private <T> CompletableFuture<T> background(ExecutorService on, String what, Callable<T> work, Consumer<T> done) {
        return ctx.files().run(on, what, work, done, line -> refused.accept(line));
    }

    private static ExecutorService daemon(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }
}
