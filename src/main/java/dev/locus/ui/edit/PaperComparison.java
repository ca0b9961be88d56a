package dev.locus.ui.edit;

import dev.locus.core.LocusException;
import dev.locus.experiment.ExperimentRunner;
import dev.locus.experiment.RunRecorder;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.export.RunFigures;
import dev.locus.model.Bundled;
import dev.locus.model.LocusModel;
import dev.locus.ui.runs.BundledComparison;
import dev.locus.ui.runs.LiveRuns;
import dev.locus.ui.session.Session;
import dev.locus.ui.session.WorkbenchContext;
import dev.locus.ui.task.Job;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * The paper's comparison on the bundled Sports World model in one action: all nine localization methods, each edit
 * at its own learning rate, then relearning and probes, as {@code sample-configs/sports-world-flu-vs-ot.json} (a copy
 * is bundled, so that it runs from any folder). One job; its results fill the Results panel.
 */
public final class PaperComparison {
    /**
     * What the bundled comparison shows on Sports World, and why, in plain words (the README's "What the bundled
     * comparison shows" has the numbers): Home and Results say it beside the run.
     */
    public static final String FINDING = "causal tracing (OT) resists relearning better than FLU here, the"
            + " opposite of the paper, and the reason is this model's lookup. It is one layer deep: layer 0's attention"
            + " joins the athlete's two names and layer 0's MLP maps the pair to the sport. Causal tracing selects that"
            + " attention; FLU, MLPs by definition, cannot. Every selection that contains layer 0's attention (causal"
            + " tracing, nonlocalized, FLU with it added) relearns to about 0.3-0.4 and leaves no true sport for the"
            + " probes; every one without it (FLU, attribution patching, random matrices) relearns to about 0.7. In the"
            + " paper's models the lookup spans several MLPs (Gemma-7B: MLPs 2-7), and there FLU comes out ahead.";

    /** The comparison's row in the run queue ({@code LiveRuns}): Home's button follows the run by it. */
    public static final String RUN_NAME = "paper comparison";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private PaperComparison() {
    }

    /** Whether {@code config} is the bundled comparison's (by name: a rerun from its run folder counts too). */
    public static boolean isBundled(ExperimentConfig config) {
        return config.name().equals(BundledComparison.config().name());
    }

    /**
     * Queues the comparison into {@code <workspace>/runs/<stamp>-paper-comparison/<config name>/} and shows Results
     * when it ends.
     * It runs on the loaded model when that is Sports World; otherwise it opens its own copy for the run, since the
     * comparison is about that model and its facts. Returns the job, or null (and says why) when it cannot start.
     */
    public static Job<RunRecorder> start(WorkbenchContext ctx) {
        try {
            return start(ctx, BundledComparison.config());
        } catch (LocusException e) {
            ctx.message().accept(e.getMessage());
            return null;
        }
    }

    /** Starts the comparison with another config of the same kind (the soak's smaller one); see {@link #start}. */
    public static Job<RunRecorder> start(WorkbenchContext ctx, ExperimentConfig config) {
        Session s = ctx.session();
        Path runs = s.workspaceFolder.get().toAbsolutePath().resolve("runs");
        // A folder of its own per comparison: Results groups runs by their parent folder, and comparisons that shared
        // runs/ were merged into one batch (found by the soak: each run's table grew by the one before).
        Path out = LiveRuns.newFolder(runs, STAMP.format(LocalDateTime.now()) + "-paper-comparison")
                .resolve(config.name());
        LocusModel loaded = isSportsWorld(s.modelFolder.get()) ? s.model.get() : null;
        LiveRuns live = s.liveRuns;
        live.startNewQueue();
        Job<RunRecorder> job = live.start(ctx.thread(), "Paper comparison: " + config.methods().size() + " methods",
                RUN_NAME, out, listener -> {
                    RunRecorder run = loaded != null
                            ? ExperimentRunner.run(config, loaded, Map.of(), out, false, listener)
                            : ExperimentRunner.run(config, BundledComparison.CONFIG, out, false, listener);
                    listener.stage("figures");
                    RunFigures.write(run, config);
                    return run;
                });
        job.setOnSucceeded(e -> {
            ctx.message().accept("The paper comparison is done: " + out);
            ctx.navigate().accept("Results");
        });
        ctx.message().accept("The paper comparison runs in the background (about 12 minutes on two cores); its loss curves"
                + " are in the Edit panel");
        return job;
    }

    private static boolean isSportsWorld(Path folder) {
        return folder != null
                && folder.toAbsolutePath().normalize().equals(Bundled.sportsWorld().toAbsolutePath().normalize());
    }
}
