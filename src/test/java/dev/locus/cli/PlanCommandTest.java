package dev.locus.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `locus plan` and `--device` on run, sweep, localize and plan. */
class PlanCommandTest {
    @TempDir
    Path tmp;

    @AfterEach
    void clear() {
        System.clearProperty("locus.memory.available");
    }

    private static String[] cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LocusCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void planPrintsEveryStageOfTheBundledConfigWithTheDatasLengths() {
        String[] r = cli("plan", "sample-configs/quick-check.json", "--device", "cpu");
        assertEquals("0", r[0], r[2]);
        String out = r[1];
        assertTrue(out.startsWith("quick-check on "), out);
        for (String row : List.of("load ", "localize     probes", "localize     attribution-patching", "edit         flu",
                "edit         attribution-patching", "relearn      flu", "evaluate     flu")) {
            assertTrue(out.contains(row), row + " in\n" + out);
        }
        assertTrue(out.contains("the data's longest prompt ("), "the lengths are the data's under the tokenizer:\n" + out);
        assertTrue(out.contains("matmul ceiling"), out);
    }

    @Test
    void planJsonGivesEachStagesNumbers() throws Exception {
        String[] r = cli("plan", "sample-configs/quick-check.json", "--device", "cpu", "--json");
        assertEquals("0", r[0], r[2]);
        JsonNode root = new ObjectMapper().readTree(r[1]);
        assertEquals("cpu", root.get("device").asText());
        assertEquals(4, root.get("compute_bytes").asInt());
        JsonNode edit = null;
        for (JsonNode s : root.get("stages")) {
            assertEquals(s.get("peak_bytes").asLong(), s.get("weight_bytes").asLong() + s.get("trained_bytes").asLong()
                    + s.get("activation_bytes").asLong() + s.get("logit_bytes").asLong());
            if (s.get("stage").asText().equals("edit") && s.get("method").asText().equals("flu")) {
                edit = s;
            }
        }
        assertNotNull(edit);
        assertTrue(edit.get("fits").asBoolean());
        assertTrue(edit.get("trained_parameters").asLong() > 0 && edit.get("seconds").asDouble() > 0);
    }

    @Test
    void aPublishedShapeIsPlannedForAGpuOfAGivenSizeWithoutItsWeights() {
        String[] r = cli("plan", "sample-configs/paper/gemma-7b-sports-athletes-16.json", "--shape", "gemma-7b",
                "--gpu-memory", "80GB");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("on a GPU in float16; free memory 80.0 GB"), r[1]);
        String nonlocalized = r[1].lines().filter(l -> l.startsWith("edit         nonlocalized")).findFirst().orElseThrow();
        assertTrue(nonlocalized.contains(" NO "), nonlocalized);
        String load = r[1].lines().filter(l -> l.startsWith("load")).findFirst().orElseThrow();
        assertTrue(load.contains(" yes "), load);
        String[] bad = cli("plan", "sample-configs/quick-check.json", "--gpu-memory", "lots");
        assertEquals("1", bad[0]);
        assertEquals("locus: error: --gpu-memory lots: expected a size such as 80GB or 141GB", bad[2].strip());
    }

    @Test
    void aGpuOnAMachineWithoutOneIsOneLineForEveryCommand() {
        Path out = tmp.resolve("never");
        List<String[]> runs = new ArrayList<>();
        runs.add(cli("run", "sample-configs/quick-check.json", "--out", out.toString(), "--device", "gpu"));
        runs.add(cli("sweep", "sample-configs/quick-check.json", "--out", out.toString(), "--device", "gpu"));
        runs.add(cli("localize", "--method", "probes", "--out", out.toString(), "--device", "gpu"));
        runs.add(cli("plan", "sample-configs/quick-check.json", "--device", "gpu"));
        for (String[] r : runs) {
            assertEquals("1", r[0], r[2]);
            assertEquals("locus: error: --device gpu: no GPU is visible to libtorch (this build carries the CPU"
                    + " libtorch; see the README for the CUDA build)", r[2].strip());
        }
        assertFalse(Files.exists(out), "nothing is written before the device is known");
        String[] typo = cli("run", "sample-configs/quick-check.json", "--out", out.toString(), "--device", "tpu");
        assertEquals("locus: error: --device tpu: expected auto, cpu or gpu", typo[2].strip());
    }

    @Test
    void theRunRefusesBeforeLoadingWhenTheMachineIsShortAndNamesWhatToLower() {
        System.setProperty("locus.memory.available", "30000000");
        String[] r = cli("run", "sample-configs/quick-check.json", "--out", tmp.resolve("run").toString(), "--device", "cpu");
        assertEquals("1", r[0], r[2]);
        String line = r[2].strip();
        assertTrue(line.startsWith("locus: error: "), line);
        assertTrue(line.contains("loading 2,219,904 parameters in float32 for a run needs about"), line);
        assertTrue(line.contains("lower micro_batch or batch, compute in float16 (--dtype float16)"), line);
        assertTrue(line.contains("or use a GPU (--device gpu)"), line);
        assertEquals(1, r[2].strip().lines().count(), "one line");
    }
}
