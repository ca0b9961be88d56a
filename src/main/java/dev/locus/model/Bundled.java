package dev.locus.model;

import dev.locus.core.LocusException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where the bundled Sports World model and data live: {@code assets/sports-world} beside the jar or here. */
public final class Bundled {
    /** The folder, relative to the working directory or to the jar's project folder. */
    public static final String DEMO_DIR = "assets/sports-world";
    /** The word for "the bundled one" wherever a model, dataset or file is asked for. */
    public static final String DEMO = "demo";
    /** The bundled model's city facts in CounterFact form (counterfact.json beside the model), as data. */
    public static final String DEMO_COUNTERFACT = "demo-counterfact";

    private Bundled() {
    }

    /** The Sports World folder; an error that says where it looked when it is not in this build. */
    public static Path sportsWorld() {
        List<Path> tried = new ArrayList<>();
        String configured = System.getProperty("locus.assets");
        if (configured != null) {
            tried.add(Path.of(configured).resolve("sports-world"));
        }
        tried.add(Path.of(DEMO_DIR));
        try {
            Path jar = Path.of(Bundled.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            tried.add(jar.getParent().getParent().resolve(DEMO_DIR));
        } catch (Exception e) {
            // not run from a file: nothing more to try
        }
        for (Path p : tried) {
            if (Files.isRegularFile(p.resolve("config.json"))) {
                return p;
            }
        }
        throw new LocusException("the bundled Sports World model is not in this build (looked in " + tried
                + "); build it with 'locus train-demo' or give a model folder");
    }
}
