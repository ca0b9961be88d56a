package dev.locus.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code locus run} and {@code locus sweep} refuse bad configs and occupied folders with one clear line. */
class RunCommandTest {
    @TempDir
    Path tmp;

    @Test
    void badConfigsAndOccupiedFoldersGiveOneLine() throws Exception {
        Path typo = tmp.resolve("typo.json");
        Files.writeString(typo, "{\"name\": \"x\", \"edit\": {\"learning_rate\": 0.1}}");
        Path missingModel = tmp.resolve("missing.json");
        Files.writeString(missingModel, "{\"name\": \"x\", \"model\": \"no-such-model\"}");
        Path occupied = Files.createDirectories(tmp.resolve("occupied"));
        Files.writeString(occupied.resolve("run.json"), "{}");
        Path ok = tmp.resolve("ok.json");
        Files.writeString(ok, "{\"name\": \"x\"}");
        String[][] cases = {
            {"run", tmp.resolve("nope.json").toString(), "--out", tmp.resolve("a").toString()},
            {"run", typo.toString(), "--out", tmp.resolve("b").toString()},
            {"run", missingModel.toString(), "--out", tmp.resolve("c").toString()},
            {"run", ok.toString(), "--out", occupied.toString()},
            {"sweep", typo.toString(), "--out", tmp.resolve("d").toString()},
        };
        String[] expected = {"no such file", "did you mean lr", "no-such-model", "--force", "did you mean lr"};
        for (int i = 0; i < cases.length; i++) {
            CliTest.Run r = CliTest.run(cases[i]);
            assertEquals(1, r.code(), String.join(" ", cases[i]) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains(expected[i]), r.err());
        }
        assertTrue(Files.exists(occupied.resolve("run.json")), "nothing replaced without --force");
    }

    @Test
    void aRunWhoseBatchWillNotFitIsRefusedBeforeTheModelLoads() throws Exception {
        Path config = tmp.resolve("big-batch.json");
        Files.writeString(config, "{\"name\": \"big\", \"methods\": [\"flu\"], \"edit\": {\"batch\": 512}}");
        System.setProperty("locus.memory.available", "300000000"); // 300 MB free
        try {
            CliTest.Run r = CliTest.run("run", config.toString(), "--out", tmp.resolve("out").toString());
            assertEquals(1, r.code(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains("and a training step: batches of 512 prompts of")
                    && r.err().contains("more than the 300.0 MB this machine has free; lower micro_batch or batch"),
                    r.err());
        } finally {
            System.clearProperty("locus.memory.available");
        }
    }
}
