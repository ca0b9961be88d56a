package dev.locus.ui;

import dev.locus.experiment.ExperimentConfig;
import dev.locus.experiment.ExperimentRunner;
import dev.locus.experiment.RunRecorder;
import dev.locus.export.RunFigures;
import dev.locus.model.Bundled;
import dev.locus.model.LocusException;
import dev.locus.model.LocusModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
final class PaperComparison {
    /** The bundled config's name, as a resource next to this class. */
    static final String CONFIG = "sports-world-flu-vs-ot.json";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private PaperComparison() {
    }

    /** The bundled comparison's config. */
    static ExperimentConfig config() {
        try (InputStream in = PaperComparison.class.getResourceAsStream(CONFIG)) {
            if (in == null) {
                throw new LocusException(CONFIG + ": missing from the application; reinstall Locus");
            }
            return ExperimentConfig.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), CONFIG);
        } catch (IOException e) {
            throw new LocusException(CONFIG + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Queues the comparison into {@code <workspace>/runs/<stamp>-paper-comparison/<config name>/} and shows Results
     * when it ends.
     * It runs on the loaded model when that is Sports World; otherwise it opens its own copy for the run, since the
     * comparison is about that model and its facts. Returns the job, or null (and says why) when it cannot start.
     */
    static Job<RunRecorder> start(WorkbenchContext ctx) {
        try {
            return start(ctx, config());
        } catch (LocusException e) {
            ctx.message().accept(e.getMessage());
            return null;
        }
    }

    /** Starts the comparison with another config of the same kind (the soak's smaller one); see {@link #start}. */
    static Job<RunRecorder> start(WorkbenchContext ctx, ExperimentConfig config) {
        Session s = ctx.session();
        Path runs = s.workspaceFolder.get().toAbsolutePath().resolve("runs");
        // A folder of its own per comparison: Results groups runs by their parent folder, and comparisons that shared
        // runs/ were merged into one batch (found by the soak: each run's table grew by the one before).
        Path out = EditViewModel.newFolder(runs, STAMP.format(LocalDateTime.now()) + "-paper-comparison")
                .resolve(config.name());
        LocusModel loaded = isSportsWorld(s.modelFolder.get()) ? s.model.get() : null;
        LiveRuns live = LiveRuns.of(s);
        live.startNewQueue();
        Job<RunRecorder> job = live.start(ctx, "Paper comparison: " + config.methods().size() + " methods",
                "paper comparison", out, listener -> {
                    RunRecorder run = loaded != null
                            ? ExperimentRunner.run(config, loaded, Map.of(), out, false, listener)
                            : ExperimentRunner.run(config, CONFIG, out, false, listener);
                    listener.stage("figures");
                    RunFigures.write(run, config);
                    return run;
                });
        job.setOnSucceeded(e -> {
            ctx.message().accept("The paper comparison is done: " + out);
            ctx.navigate().accept("Results");
        });
        ctx.message().accept("The paper comparison runs in the background (about 8 minutes); its loss curves are in the"
                + " Edit panel");
        return job;
    }

    private static boolean isSportsWorld(Path folder) {
        return folder != null
                && folder.toAbsolutePath().normalize().equals(Bundled.sportsWorld().toAbsolutePath().normalize());
    }
}
