package dev.locus.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled city facts in CounterFact form, from the CLI: {@code --data demo-counterfact} and a run end to end. */
class DemoCounterFactTest {
    @TempDir
    Path tmp;

    @Test
    void evaluateReadsTheBundledCounterFactData() throws Exception {
        CliTest.Run r = CliTest.run("evaluate", "--data", "demo-counterfact", "--device", "cpu", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(160, j.get("facts").asInt());
        assertEquals(160, j.get("prompts").get("prompt").asInt());
        assertEquals(320, j.get("prompts").get("paraphrase").asInt(), "two paraphrases per city");
        assertEquals(1600, j.get("prompts").get("neighborhood").asInt(), "ten neighbors per city");
        assertEquals(160, j.get("prompts").get("mcq").asInt());
        // The model knows its cities in the trained statement (full-vocabulary P of the country's token).
        assertTrue(j.get("accuracy").get("prompt").asDouble() > 0.9, r.out());
    }

    /**
     * A short variant of sample-configs/sports-world-counterfact.json (two methods, few steps, FLU layers given
     * instead of path patching, which another part of this change adds): paraphrase, neighborhood and mcq rows in
     * every phase, neighborhood rows without an edit target, the filter's count in run.json.
     */
    @Test
    void aCounterFactRunOnTheBundledModelHasParaphraseNeighborhoodAndMcqRows() throws Exception {
        Path config = tmp.resolve("cf.json");
        Files.writeString(config, """
                {"name": "cf-quick", "data": "demo-counterfact", "formats": ["prompt", "paraphrase", "neighborhood", "mcq"],
                 "edit_format": "prompt", "forget": "first:16", "edit_target": "data", "methods": ["flu"],
                 "localization": {"format": "prompt", "flu_layers": [0, 1]},
                 "edit": {"steps": 4, "batch": 32, "lr": 2e-3, "eval_every": 2},
                 "evaluation": {"general_questions": null, "general_text": null, "mcq_shots": 2, "mcq_shot_pool": 64},
                 "relearn": {"mode": "lora", "rank": 4, "steps": 2, "eval_every": 2,
                             "formats": ["prompt", "paraphrase", "neighborhood", "mcq"]},
                 "probes": {"enabled": false}, "figures": {"enabled": false}}
                """);
        Path out = tmp.resolve("out");
        CliTest.Run r = CliTest.run("run", config.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> rows = Files.readAllLines(out.resolve("metrics.csv"));
        List<String> header = List.of(rows.get(0).split(","));
        int phase = header.indexOf("phase");
        int format = header.indexOf("format");
        int metric = header.indexOf("metric");
        Set<String> seen = new HashSet<>();
        for (String row : rows.subList(1, rows.size())) {
            String[] c = row.split(",");
            String p = c[phase].startsWith("relearn-") ? "relearn" : c[phase].startsWith("step-") ? "during" : c[phase];
            seen.add(p + "/" + c[format]);
            if (c[format].equals("neighborhood")) {
                assertFalse(c[metric].startsWith("edit_"), "neighborhood facts are not edited: " + row);
            }
        }
        for (String p : List.of("before", "during", "after", "relearn")) {
            for (String f : List.of("prompt", "paraphrase", "neighborhood", "mcq")) {
                assertTrue(seen.contains(p + "/" + f), "no " + f + " rows " + p + " the edit: " + seen);
            }
        }
        JsonNode run = new ObjectMapper().readTree(out.resolve("run.json").toFile());
        assertEquals(160, run.get("data").get("facts_read").asInt());
        assertEquals(160, run.get("data").get("facts_known").asInt(), "every city passes P(correct) >= 0.5");
        assertEquals(64, run.get("data").get("shot_pool").asInt());
    }
}
