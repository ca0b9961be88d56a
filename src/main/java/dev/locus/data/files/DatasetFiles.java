package dev.locus.data.files;

import dev.locus.core.LocusException;
import dev.locus.data.Dataset;
import dev.locus.model.Bundled;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Opens a dataset the way users name it: {@code demo}, {@code demo-counterfact} (the bundled model's city facts in
 * CounterFact form), a Sports Facts CSV, or a CounterFact JSON (with questions).
 */
public final class DatasetFiles {
    private DatasetFiles() {
    }

    /**
     * @param data {@code demo}, {@code demo-counterfact} or a file
     * @param questions CounterFact multiple-choice questions, or null
     * @param formatFile prompt formats that replace the dataset's own, or null
     */
    public static Dataset load(String data, Path questions, Path formatFile) {
        Dataset d = loadData(data, questions);
        return formatFile == null ? d : d.withFormats(FormatFiles.read(formatFile));
    }

    private static Dataset loadData(String data, Path questions) {
        if (Bundled.DEMO.equals(data)) {
            return SportsFactsCsv.read(Bundled.sportsWorld().resolve("sports.csv"));
        }
        if (Bundled.DEMO_COUNTERFACT.equals(data)) {
            if (questions != null) {
                throw new LocusException("questions: demo-counterfact brings its own (counterfact-mcq.json)");
            }
            // Its own formats: the bundled model answers its trained city question, not the paper's MCQ wording.
            Path dir = Bundled.sportsWorld();
            return CounterFactJson.read(dir.resolve("counterfact.json"), dir.resolve("counterfact-mcq.json"))
                    .withFormats(FormatFiles.read(dir.resolve("counterfact-formats.json")));
        }
        Path p = Path.of(data);
        if (!Files.isRegularFile(p)) {
            throw new LocusException("data " + data + ": " + (Files.exists(p) ? "not a file" : "no such file"));
        }
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) {
            return questions == null ? CounterFactJson.read(p) : CounterFactJson.read(p, questions);
        }
        if (questions != null) {
            throw new LocusException("questions go with a CounterFact JSON file, not " + p.getFileName());
        }
        return SportsFactsCsv.read(p);
    }
}
