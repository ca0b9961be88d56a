package dev.locus.ui.runs;

import dev.locus.core.LocusException;
import dev.locus.experiment.RunFolder;
import dev.locus.model.Bundled;
import dev.locus.ui.session.WorkbenchContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * The bundled comparison's finished run, shipped beside the Sports World model ({@code comparison/<config name>/},
 * made by {@code locus run sample-configs/sports-world-flu-vs-ot.json}): a class sees its results at once instead of
 * after the ten minutes the live run takes on two cores.
 */
public final class FinishedComparison {
    /** The folder beside the model that holds the finished run's folder. */
    public static final String FOLDER = "comparison";

    private FinishedComparison() {
    }

    /** The shipped run folder; an error that says where it looked when this build has none. */
    public static Path folder() {
        Path run = Bundled.sportsWorld().resolve(FOLDER).resolve(BundledComparison.config().name());
        if (!RunFolder.isRun(run)) {
            throw new LocusException("the bundled comparison's finished run is not in this build (looked in " + run
                    + "); run it live instead");
        }
        return run;
    }

    /**
     * Adds the finished run to the session's runs (Results shows it) and opens Results; done when its results are
     * on screen, or failed (the message then says why).
     */
    public static CompletableFuture<Path> show(WorkbenchContext ctx) {
        return ctx.files().run("Open the finished comparison", FinishedComparison::folder, run -> {
            Path abs = run.toAbsolutePath().normalize();
            if (!ctx.session().runs.contains(abs)) {
                ctx.session().runs.add(abs);
            }
            ctx.navigate().accept("Results");
        });
    }

    /** Whether this build ships the finished run. */
    public static boolean available() {
        try {
            return Files.isDirectory(folder());
        } catch (LocusException e) {
            return false;
        }
    }
}
