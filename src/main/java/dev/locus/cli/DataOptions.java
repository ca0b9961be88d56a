package dev.locus.cli;

import dev.locus.data.CounterFactJson;
import dev.locus.data.Dataset;
import dev.locus.data.Formats;
import dev.locus.data.SportsFactsCsv;
import dev.locus.model.LocusException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/** {@code --data} (a Sports Facts CSV, a CounterFact JSON, or {@code demo}) and {@code --questions}. */
final class DataOptions {
    @Option(names = "--data", defaultValue = "demo", paramLabel = "FILE",
            description = "a Sports Facts CSV (athlete,sport), a CounterFact JSON, or 'demo' for Sports World (the default)")
    String data;

    @Option(names = "--questions", paramLabel = "FILE",
            description = "CounterFact multiple-choice questions (JSON), adds the mcq format")
    Path questions;

    @Option(names = "--format-file", paramLabel = "FILE",
            description = "prompt formats (JSON, as written by Formats.write) that replace the dataset's own")
    Path formatFile;

    Dataset load() {
        Dataset d = loadData();
        return formatFile == null ? d : d.withFormats(Formats.read(formatFile));
    }

    private Dataset loadData() {
        if ("demo".equals(data)) {
            return SportsFactsCsv.read(ModelOptions.demoFolder().resolve("sports.csv"));
        }
        Path p = Path.of(data);
        if (!Files.isRegularFile(p)) {
            throw new LocusException("--data " + data + ": " + (Files.exists(p) ? "not a file" : "no such file"));
        }
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) {
            return questions == null ? CounterFactJson.read(p) : CounterFactJson.read(p, questions);
        }
        if (questions != null) {
            throw new LocusException("--questions goes with a CounterFact JSON file, not " + p.getFileName());
        }
        return SportsFactsCsv.read(p);
    }
}
