package dev.locus.experiment;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locus.core.LocusException;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.experiment.config.SoftPromptSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run with the soft-prompt attack on: every method gets each prompt's rows (phase {@code soft-prompt-<k>}) and
 * their mean (phase {@code soft-prompt}) in metrics.csv, the figure is drawn, and the config reads, writes back and
 * rejects bad values.
 */
class SoftPromptRunTest {
    @TempDir
    Path tmp;

    static final String CONFIG = """
            {"name": "tiny-soft-prompt", "forget": "first:8", "seeds": [3],
             "methods": ["flu", "nonlocalized"],
             "localization": {"prompts": 8},
             "edit": {"steps": 4, "batch": 16, "lr": 2e-3, "eval_every": 4},
             "evaluation": {"max_general_lines": 8},
             "relearn": {"enabled": false}, "probes": {"enabled": false},
             "soft_prompt": {"enabled": true, "prompts": 2, "tokens": 3, "epsilon": 1.5, "lr": 1e-2, "steps": 3, "batch": 4},
             "figures": {"width": 600, "height": 400, "dpi": 72}}
            """;

    @Test
    void everyMethodGetsEachPromptsRowsTheirMeanAndTheFigure() throws Exception {
        ExperimentConfig c = ExperimentConfig.parse(CONFIG, "tiny.json");
        assertEquals(new SoftPromptSettings(true, 2, 3, 1.5, 1e-2, 3, 4, List.of(), 0), c.softPrompt());
        Path out = tmp.resolve("run");
        RunRecorder run = ExperimentRunner.run(c, "tiny.json", out, false, RunListener.NONE);
        List<String[]> rows = Files.readAllLines(out.resolve("metrics.csv")).stream().skip(1).map(l -> l.split(","))
                .toList();
        for (String method : c.methods()) {
            for (String phase : List.of("soft-prompt", "soft-prompt-1", "soft-prompt-2")) {
                Set<String> keys = rows.stream().filter(r -> r[0].equals(method) && r[2].equals(phase))
                        .map(r -> r[3] + "/" + r[4] + "/" + r[5]).collect(Collectors.toSet());
                assertTrue(keys.containsAll(Set.of("standard/forget/accuracy", "standard/forget/edit_accuracy")),
                        method + " " + phase + ": " + keys);
                assertTrue(keys.stream().anyMatch(k -> k.startsWith("standard/maintain") && k.endsWith("/accuracy")),
                        method + " " + phase + " has maintain accuracy: " + keys);
            }
            for (String[] mean : rows.stream().filter(r -> r[0].equals(method) && r[2].equals("soft-prompt")).toList()) {
                double expected = rows.stream().filter(r -> r[0].equals(method) && r[2].startsWith("soft-prompt-")
                        && r[3].equals(mean[3]) && r[4].equals(mean[4]) && r[5].equals(mean[5]))
                        .mapToDouble(r -> Double.parseDouble(r[6])).average().orElseThrow();
                assertEquals(expected, Double.parseDouble(mean[6]), 1e-9, "the mean over the prompts: " + String.join(",", mean));
            }
        }
        assertTrue(new ObjectMapper().readTree(out.resolve("run.json").toFile()).get("seconds").has("seed 3: flu: soft prompt"));
        List<String> figures = dev.locus.export.RunFigures.write(run, c);
        assertTrue(figures.contains("soft-prompt-standard"), figures.toString());
        assertTrue(Files.size(out.resolve("figures/soft-prompt-standard.png")) > 1000);
        assertEquals(c.toJson(), ExperimentConfig.read(out.resolve("config.json")).toJson(), "config.json reproduces it");
    }

    @Test
    void theSectionIsOffByDefaultWithThePapersValuesAndBadValuesAreNamed() {
        ExperimentConfig c = ExperimentConfig.parse("{\"name\": \"x\"}", "x.json");
        assertEquals(SoftPromptSettings.DEFAULTS, c.softPrompt());
        assertFalse(c.softPrompt().enabled());
        assertEquals(6.0, c.softPrompt().epsilon());
        assertEquals(4, c.softPrompt().prompts());
        LocusException e = assertThrows(LocusException.class, () -> ExperimentConfig.parse(
                "{\"name\": \"x\", \"soft_prompt\": {\"epsilon\": 0}}", "x.json"));
        assertTrue(e.getMessage().contains("soft_prompt.epsilon"), e.getMessage());
        e = assertThrows(LocusException.class, () -> ExperimentConfig.parse(
                "{\"name\": \"x\", \"soft_prompt\": {\"token\": 3}}", "x.json"));
        assertTrue(e.getMessage().contains("tokens"), e.getMessage());
    }
}
