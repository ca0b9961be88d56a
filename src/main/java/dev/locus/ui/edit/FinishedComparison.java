package dev.locus.ui.edit;

import dev.locus.core.LocusException;
import dev.locus.experiment.RunFolder;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.localize.Localization;
import dev.locus.localize.LocalizationReader;
import dev.locus.localize.select.MaskFiles;
import dev.locus.localize.select.Selection;
import dev.locus.model.Bundled;
import dev.locus.model.LocusModel;
import dev.locus.ui.runs.BundledComparison;
import dev.locus.ui.session.Session;
import dev.locus.ui.session.WorkbenchContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The bundled comparison's finished run, shipped beside the Sports World model ({@code comparison/<config name>/},
 * made by {@code locus run sample-configs/sports-world-flu-vs-ot.json}): a class sees its results at once instead of
 * after the twelve minutes the live run takes on two cores. Showing it fills Results with the run, Localize with its
 * localizations (the probe curve, causal tracing with its heatmap, attribution patching) and Select with its
 * selections (FLU, compared with causal tracing's), all read from the run's files.
 */
public final class FinishedComparison {
    /** The folder beside the model that holds the finished run's folder. */
    public static final String FOLDER = "comparison";
    /** The localizations a run writes into {@code scores/}, by the Localize panel's method names. */
    private static final List<String> SCORED = List.of("causal-tracing", "attribution-patching");

    /** What was read: the run folder, its localizations by method, its selections by strategy (empty without a model). */
    public record Loaded(Path run, Map<String, Localization.Result> localizations, Map<String, Selection> selections) {
    }

    private FinishedComparison() {
    }

    /** The shipped run folder; an error that says where it looked when this build has none. */
    public static Path folder() {
        Path run = Bundled.sportsWorld().resolve(FOLDER).resolve(BundledComparison.config().name());
        if (!RunFolder.isRun(run)) {
            throw new LocusException("the bundled comparison's finished run is not in this build (looked in " + run
                    + "); run it live instead");
        }
        return run.toAbsolutePath().normalize();
    }

    /** Whether this build ships the finished run. */
    public static boolean available() {
        try {
            return Files.isDirectory(folder());
        } catch (LocusException e) {
            return false;
        }
    }

    /**
     * Reads the finished run's localizations and selections: both when {@code model} is the model they were made on,
     * the localizations alone without a model, neither with another model. Runs off the JavaFX thread.
     */
    public static Loaded read(LocusModel model) {
        Path run = folder();
        Path scores = run.resolve("scores");
        Map<String, Localization.Result> localizations = new LinkedHashMap<>();
        if (Files.isRegularFile(scores.resolve("probes.csv"))) {
            localizations.put(Localization.Method.PROBES.text(), LocalizationReader.probes(scores.resolve("probes.csv")));
        }
        for (String method : SCORED) {
            if (LocalizationReader.has(scores, method)) {
                localizations.put(method, LocalizationReader.result(scores, method));
            }
        }
        Map<String, Selection> selections = new LinkedHashMap<>();
        if (model != null) {
            try {
                for (String method : ExperimentConfig.read(run.resolve("config.json")).methods()) {
                    Path mask = run.resolve("masks").resolve(method + ".json");
                    if (Files.isRegularFile(mask)) {
                        selections.put(method, MaskFiles.readJson(mask, model));
                    }
                }
            } catch (LocusException e) {
                // another model is loaded: neither the masks nor the scores are about it, so Localize and Select
                // keep what they have; Results still shows the run
                selections.clear();
                localizations.clear();
            }
        }
        return new Loaded(run, localizations, selections);
    }

    /**
     * Shows the finished run: Results (opened), Localize and Select as the class description says. The future is
     * done once the session holds it all (Results then reads the run), or failed with the reason, which is also shown.
     */
    public static CompletableFuture<Loaded> show(WorkbenchContext ctx) {
        Session s = ctx.session();
        LocusModel model = s.model.get();
        return ctx.files().run("Open the finished comparison", () -> read(model), loaded -> {
            // The run first: Results reads it on the file thread while this thread fills Localize and Select.
            if (!s.runs.contains(loaded.run())) {
                s.runs.add(loaded.run());
            }
            s.localizations.putAll(loaded.localizations());
            s.selections.putAll(loaded.selections());
            Selection flu = loaded.selections().get("flu");
            if (flu != null) {
                s.selection.set(flu);
                s.comparison.set(loaded.selections().get("causal-tracing"));
            }
            ctx.navigate().accept("Results");
            ctx.message().accept("The finished comparison is shown: Results has its numbers, Localize its probe curve and"
                    + " heatmaps" + (loaded.selections().isEmpty() ? "" : ", Select its FLU and causal-tracing selections"));
        });
    }
}
