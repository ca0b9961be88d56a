package dev.locus.ui.sweeps;

import dev.locus.experiment.ParameterSweep;
import dev.locus.experiment.config.ClusterSettings;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.sweep.RunState;
import dev.locus.sweep.RunStatus;
import dev.locus.sweep.SweepEntry;
import dev.locus.sweep.SweepFiles;
import dev.locus.sweep.SweepInfo;
import dev.locus.sweep.SweepPlan;
import dev.locus.sweep.SweepTask;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Sweep folders as the launchers leave them, written without running anything: the manifest and launch file as
 * {@code locus sweep} writes them, a local submission whose supervising process is a real live process of this
 * machine (so runs without a status read as queued, and running ones as running), status files, trial numbers and logs.
 */
final class SweepFolders {
    static final String FAILED_LAST_LINE = "error: step 12: the forget loss is NaN (lr 8e-03 too high?)";
    static final List<Double> LRS = List.of(2e-3, 4e-3, 8e-3);
    static final List<Double> COEFS = List.of(0.5, 1.0, 2.0);
    private static final ObjectMapper JSON = new ObjectMapper();

    private SweepFolders() {
    }

    static ExperimentConfig config() {
        return ExperimentConfig.parse("""
                {"name": "sports-sweep", "forget": "first:8", "seeds": [0],
                 "methods": ["flu", "causal-tracing", "random"],
                 "edit": {"steps": 4, "batch": 16, "lr": 2e-3}}
                """, "sweep test config");
    }

    /**
     * A 27-trial sweep (3 methods x 3 learning rates x 3 coefficients) under a live local supervisor {@code sup}:
     * the first {@code complete} trials complete, then 2 running, 1 failed (its log ends in {@link #FAILED_LAST_LINE}),
     * the rest waiting.
     */
    static List<SweepEntry> trialSweep(Path dir, ProcessHandle sup, int complete) throws IOException {
        List<SweepEntry> entries = SweepPlan.trials(List.of(config()), LRS, COEFS);
        Instant submitted = Instant.now().minusSeconds(600);
        SweepInfo.Submission s = new SweepInfo.Submission(ClusterSettings.LOCAL, SweepTask.host() + ":" + sup.pid(),
                IntStream.range(0, entries.size()).boxed().toList(), submitted.toString());
        SweepInfo info = new SweepInfo(SweepEntry.TRIAL, "sports-sweep", 0.9, "auto", "auto",
                ClusterSettings.DEFAULTS.withWorkers(2), List.of("locus"), List.of(s));
        SweepPlan.create(dir, entries, info, false);
        for (int i = 0; i < complete; i++) {
            complete(dir, entries.get(i), 40 + 3 * i);
        }
        running(dir, entries.get(complete), sup.pid());
        running(dir, entries.get(complete + 1), sup.pid());
        SweepEntry bad = entries.get(complete + 2);
        new RunStatus(RunState.FAILED, 1, SweepTask.host(), 4242, null, Instant.now().minusSeconds(100).toString(),
                Instant.now().minusSeconds(80).toString(), 20, "the forget loss is NaN").write(dir, bad.id());
        Files.writeString(SweepFiles.log(dir, bad.id()), "trial " + bad.label() + "\nstep 11 loss 3.2\n"
                + FAILED_LAST_LINE + "\n\n");
        return entries;
    }

    /**
     * A multi-seed run of two seeds ({@code locus run} with a launcher), no launcher holding it: seed 0 complete (its
     * run folder a real run's), seed 1 failed.
     */
    static List<SweepEntry> seedSweep(Path dir) throws IOException {
        ExperimentConfig c = ExperimentConfig.parse(dev.locus.ui.fixtures.TinyRun.CONFIG.replace("\"seeds\": [0]",
                "\"seeds\": [0, 1]"), "seed sweep config");
        List<SweepEntry> entries = SweepPlan.seeds(c);
        SweepPlan.create(dir, entries, new SweepInfo(SweepEntry.RUN, c.name(), 0, "auto", "auto",
                ClusterSettings.DEFAULTS, List.of("locus"), List.of()), false);
        dev.locus.ui.fixtures.TinyRun.copy(SweepFiles.runFolder(dir, entries.get(0).id()));
        new RunStatus(RunState.COMPLETE, 1, SweepTask.host(), 4000, null, Instant.now().minusSeconds(300).toString(),
                Instant.now().minusSeconds(200).toString(), 100, null).write(dir, entries.get(0).id());
        new RunStatus(RunState.FAILED, 2, SweepTask.host(), 4001, null, Instant.now().minusSeconds(300).toString(),
                Instant.now().minusSeconds(250).toString(), 50, "out of memory").write(dir, entries.get(1).id());
        Files.writeString(SweepFiles.log(dir, entries.get(1).id()), "seed 1\nerror: out of memory\n");
        return entries;
    }

    /**
     * Run e running in process {@code pid}: the stand-in supervisor's, not a made-up number, since a cancel stops
     * the Java processes that running statuses of this machine name.
     */
    static void running(Path dir, SweepEntry e, long pid) {
        new RunStatus(RunState.RUNNING, 1, SweepTask.host(), pid, null, Instant.now().minusSeconds(30).toString(), null,
                0, null).write(dir, e.id());
    }

    /** Run e complete after {@code seconds}, with trial numbers that fall with the learning rate as real ones do. */
    static void complete(Path dir, SweepEntry e, double seconds) throws IOException {
        var edit = e.config().editFor(e.config().methods().get(0));
        double lr = edit.lr();
        double coef = edit.forgetCoef();
        double k = Math.log(lr / 1e-3) / Math.log(8); // 0.33 .. 1
        String method = e.config().methods().get(0);
        double reach = method.equals("flu") ? 1.0 : method.equals("causal-tracing") ? 0.75 : 0.45; // how far it forgets
        double forget = Math.max(0, 0.92 - reach * (0.8 * k + 0.05 * coef));
        double maintain = 0.98 - (1.2 - reach) * 0.2 * k * k - 0.01 * coef;
        ParameterSweep.Trial t = new ParameterSweep.Trial(method, lr, coef, forget, forget,
                maintain, maintain + 0.01, seconds);
        Path run = SweepFiles.runFolder(dir, e.id());
        Files.createDirectories(run);
        Files.writeString(run.resolve(ParameterSweep.TRIAL_FILE), JSON.valueToTree(t).toPrettyString());
        new RunStatus(RunState.COMPLETE, 1, SweepTask.host(), 4000, null, Instant.now().minusSeconds(300).toString(),
                Instant.now().minusSeconds(200).toString(), seconds, null).write(dir, e.id());
    }
}
