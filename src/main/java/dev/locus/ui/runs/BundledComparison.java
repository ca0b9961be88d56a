package dev.locus.ui.runs;

import dev.locus.core.LocusException;
import dev.locus.experiment.config.ExperimentConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The config of the paper's comparison on the bundled Sports World model, a copy of
 * {@code sample-configs/sports-world-flu-vs-ot.json} shipped with the application so that it runs from any folder.
 */
public final class BundledComparison {
    /** The bundled config's name, as a resource next to this class. */
    public static final String CONFIG = "sports-world-flu-vs-ot.json";

    private BundledComparison() {
    }

    /** The bundled comparison's config. */
    public static ExperimentConfig config() {
        try (InputStream in = BundledComparison.class.getResourceAsStream(CONFIG)) {
            if (in == null) {
                throw new LocusException(CONFIG + ": missing from the application; reinstall Locus");
            }
            return ExperimentConfig.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), CONFIG);
        } catch (IOException e) {
            throw new LocusException(CONFIG + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
