package dev.locus.experiment;

import dev.locus.core.LocusException;
import dev.locus.data.Dataset;
import dev.locus.data.PromptEncoder;
import dev.locus.data.PromptFormat;
import dev.locus.data.Question;
import dev.locus.data.files.DatasetFiles;
import dev.locus.data.files.QuestionsCsv;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.model.Bundled;
import dev.locus.model.MemoryBudget;
import dev.locus.model.TextTokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A config's inputs, opened: the dataset with its formats, the general questions, and general text split in two
 * (even lines train the edit's general loss, odd lines measure it, so the loss reported is on text not trained on).
 */
record RunInputs(Path modelFolder, Dataset data, List<PromptFormat> formats, PromptFormat editFormat,
        List<Question> questions, List<String> generalTrain, List<String> generalEval) {

    /**
     * The training step this run asks of its model, for the memory check before loading: {@code batch} prompts of
     * the edit format's longest and {@code batch} general-text windows of the longest (tokenized with the model's own
     * tokenizer); null when the folder has no tokenizer
     * (loading then says what is missing).
     */
    MemoryBudget.Workload workload(int batch) {
        Path file = modelFolder.resolve("tokenizer.json");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (TextTokenizer tokenizer = TextTokenizer.load(file)) {
            PromptEncoder encoder = new PromptEncoder(tokenizer, Integer.MAX_VALUE);
            int longest = data.facts().stream().flatMap(f -> editFormat.render(f).stream())
                    .mapToInt(p -> encoder.encode(p).ids().length).max().orElse(1);
            int text = dev.locus.data.GeneralText.windows(tokenizer, generalTrain, Integer.MAX_VALUE).stream()
                    .mapToInt(w -> w.length).max().orElse(1);
            return new MemoryBudget.Workload(batch, longest, text);
        }
    }

    static RunInputs open(ExperimentConfig c) {
        Path model = c.model().equals(Bundled.DEMO) ? Bundled.sportsWorld() : Path.of(c.model());
        Dataset data = DatasetFiles.load(c.data(), ExperimentConfig.pathOf(c.questions()), ExperimentConfig.pathOf(c.formatFile()));
        List<PromptFormat> formats = new ArrayList<>();
        if (c.formats().isEmpty()) {
            formats.addAll(data.formats());
        } else {
            c.formats().forEach(f -> formats.add(data.format(f)));
        }
        List<Question> questions = c.evaluation().generalQuestions() == null ? List.of()
                : QuestionsCsv.read(file(c.evaluation().generalQuestions(), "general-questions.csv"));
        List<String> lines = c.evaluation().generalText() == null ? List.of()
                : lines(file(c.evaluation().generalText(), "general-text.txt"), 2 * c.evaluation().maxGeneralLines());
        List<String> train = new ArrayList<>();
        List<String> eval = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            (i % 2 == 0 ? train : eval).add(lines.get(i));
        }
        return new RunInputs(model, data, formats, data.format(c.editFormat()), questions, train, eval);
    }

    private static Path file(String value, String demoName) {
        return value.equals(Bundled.DEMO) ? Bundled.sportsWorld().resolve(demoName) : Path.of(value);
    }

    private static List<String> lines(Path file, int max) {
        try {
            List<String> out = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank() && out.size() < max) {
                    out.add(line.strip());
                }
            }
            return out;
        } catch (IOException e) {
            throw new LocusException(file + ": cannot read the general text (" + e.getMessage() + ")", e);
        }
    }
}
