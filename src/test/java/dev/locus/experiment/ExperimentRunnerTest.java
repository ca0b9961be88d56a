package dev.locus.experiment;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locus.core.LocusException;
import dev.locus.experiment.config.ExperimentConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole experiment on the bundled model, small enough for CI: every file of the run directory, and repeatability. */
class ExperimentRunnerTest {
    @TempDir
    Path tmp;

    static final String CONFIG = """
            {"name": "tiny", "forget": "first:8", "seeds": [3], "formats": ["standard", "mcq", "qa"],
             "methods": ["flu", "attribution-patching-mlps", "random", "nonlocalized"],
             "localization": {"prompts": 8},
             "edit": {"steps": 4, "batch": 16, "lr": 2e-3, "eval_every": 2},
             "method_edit": {"random": {"mode": "weight-mask", "mask_lr": 0.5}},
             "evaluation": {"max_general_lines": 16},
             "relearn": {"steps": 2, "eval_every": 1, "batch": 8, "rank": 4},
             "probes": {"iterations": 150},
             "figures": {"width": 600, "height": 400, "dpi": 72}}
            """;

    /**
     * Split {@code maintain} is the paper's Maintain Accuracy, on the held-out maintain facts (src/docs/paper.md §1.1);
     * {@code maintain-train} the facts the maintain loss trains on: the unedited model's rows equal scoring each set.
     */
    private static void maintainIsHeldOutAndMaintainTrainIsTrained(ExperimentConfig c, List<String> metrics) {
        RunInputs inputs = RunInputs.open(c);
        dev.locus.data.Split split = ExperimentRunner.split(c, inputs.data(), 3);
        assertFalse(split.maintainTest().isEmpty());
        try (dev.locus.model.LocusModel model = dev.locus.model.LocusModel.load(inputs.modelFolder(), ai.djl.Device.cpu())) {
            dev.locus.eval.FormatScorer scorer = new dev.locus.eval.FormatScorer(model);
            dev.locus.data.PromptFormat standard = inputs.data().format("standard");
            double held = scorer.score(standard, split.maintainTest()).accuracy();
            double trained = scorer.score(standard, split.maintainTrain()).accuracy();
            assertNotEquals(held, trained, "two different sets of facts");
            assertEquals(held, value(metrics, "flu,3,before,standard,maintain,accuracy,"), 1e-9);
            assertEquals(trained, value(metrics, "flu,3,before,standard,maintain-train,accuracy,"), 1e-9);
        }
    }

    private static double value(List<String> metrics, String prefix) {
        List<String> found = metrics.stream().filter(l -> l.startsWith(prefix)).toList();
        assertEquals(1, found.size(), prefix);
        return Double.parseDouble(found.get(0).substring(prefix.length()));
    }

    @Test
    void aRunWritesItsDirectoryAndRepeatsExactly() throws Exception {
        ExperimentConfig c = ExperimentConfig.parse(CONFIG, "tiny.json");
        Path out = tmp.resolve("run");
        RunRecorder run = ExperimentRunner.run(c, "tiny.json", out, false, RunListener.NONE);
        for (String f : List.of("config.json", "run.json", "metrics.csv", "relearn.csv", "probes.csv", "results.json",
                "masks/flu.json", "masks/flu.safetensors", "masks/attribution-patching-mlps.json", "scores/probes.csv",
                "scores/attribution-patching.csv")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals("method,seed,phase,format,split,metric,value", metrics.get(0));
        Set<String> phases = metrics.stream().skip(1).map(l -> l.split(",")[2]).collect(Collectors.toSet());
        assertTrue(phases.containsAll(Set.of("before", "step-2", "after", "relearn-0", "relearn-1", "relearn-2")), phases.toString());
        Set<String> methods = metrics.stream().skip(1).map(l -> l.split(",")[0]).collect(Collectors.toSet());
        assertEquals(Set.copyOf(c.methods()), methods);
        Set<String> splits = metrics.stream().skip(1).map(l -> l.split(",")[4]).collect(Collectors.toSet());
        assertTrue(splits.containsAll(Set.of("forget", "maintain", "maintain-train", "general", "relearn")), splits.toString());
        assertFalse(splits.contains("maintain-held-out"), "the held-out maintain facts are the split maintain now");
        Set<String> names = metrics.stream().skip(1).map(l -> l.split(",")[5]).collect(Collectors.toSet());
        assertTrue(names.containsAll(Set.of("accuracy", "argmax_accuracy", "edit_accuracy", "edit_argmax_accuracy")), names.toString());
        assertFalse(names.contains("probability"), "accuracy is the mean probability now; no second copy of it");
        maintainIsHeldOutAndMaintainTrainIsTrained(c, metrics);
        assertTrue(metrics.stream().anyMatch(l -> l.startsWith("flu,3,after,mcq,forget,edit_accuracy,")));
        for (String phase : List.of("relearn-0", "relearn-1", "relearn-2")) {
            assertTrue(metrics.stream().anyMatch(l -> l.startsWith("random,3," + phase + ",general,general,accuracy,")),
                    "the general questions (the paper's MMLU) at each relearning evaluation: " + phase);
        }
        assertTrue(metrics.stream().anyMatch(l -> l.startsWith("random,3,after,weights,edit_size,moved_fraction,")),
                "weight masking reports its edit size");
        JsonNode runJson = new ObjectMapper().readTree(out.resolve("run.json").toFile());
        assertTrue(runJson.get("seconds").has("seed 3: flu: edit"), runJson.toString());
        // each stage's measured peak resident memory (Linux): a JVM with libtorch and a model, within the machine
        long peak = runJson.at("/peak_resident_bytes/seed 3: flu: edit").asLong(-2);
        long total = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize();
        assertTrue(peak > 100_000_000L && peak < total, runJson.toString());
        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals("L0.mlp", results.at("/methods/flu/components/0").asText());
        assertTrue(results.at("/methods/nonlocalized/after/standard/forget").has("accuracy"));
        ExperimentConfig again = ExperimentConfig.read(out.resolve("config.json"));
        assertEquals(c.toJson(), again.toJson(), "config.json reproduces the run");

        List<String> figures = dev.locus.export.RunFigures.write(run, c);
        assertTrue(figures.containsAll(List.of("bars-standard", "bars-mcq", "relearn-standard", "probes-true", "radar")), figures.toString());
        assertTrue(Files.size(out.resolve("figures/bars-standard.png")) > 1000);

        LocusException e = assertThrows(LocusException.class, () -> ExperimentRunner.run(c, "tiny.json", out, false, RunListener.NONE));
        assertTrue(e.getMessage().contains("--force"), e.getMessage());
        ExperimentRunner.run(again, "config.json", out, true, RunListener.NONE);
        assertEquals(metrics, Files.readAllLines(out.resolve("metrics.csv")), "same config and seed, same numbers");
    }

    @Test
    void forceNeverEmptiesAFolderThatHoldsNoRun() throws Exception {
        Path mine = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(mine.resolve("thesis.tex"), "precious");
        LocusException e = assertThrows(LocusException.class,
                () -> RunDirectory.prepare(mine, true));
        assertTrue(e.getMessage().contains("holds no run"), e.getMessage());
        assertTrue(Files.exists(mine.resolve("thesis.tex")));
    }
}
