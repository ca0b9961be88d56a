package dev.locus.cli;

import dev.locus.data.Dataset;
import dev.locus.data.files.DatasetFiles;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data} (a Sports Facts CSV, a CounterFact JSON, or {@code demo}) and {@code --questions}. */
final class DataOptions {
    @Option(names = "--data", defaultValue = "demo", paramLabel = "FILE",
            description = "a Sports Facts CSV (athlete,sport), a CounterFact JSON, 'demo' for Sports World (the default), or "
                    + "'demo-counterfact' for its 160 city facts in CounterFact form")
    String data;

    @Option(names = "--questions", paramLabel = "FILE",
            description = "CounterFact multiple-choice questions (JSON), adds the mcq format")
    Path questions;

    @Option(names = "--format-file", paramLabel = "FILE",
            description = "prompt formats (JSON, as written by FormatFiles.write) that replace the dataset's own")
    Path formatFile;

    Dataset load() {
        return DatasetFiles.load(data, questions, formatFile);
    }
}
