package dev.locus.plan;

import static org.junit.jupiter.api.Assertions.*;

import dev.locus.experiment.ExperimentRunner;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.model.Bundled;
import dev.locus.model.MemoryBudget;
import dev.locus.model.budget.Estimate;
import dev.locus.model.io.DType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The estimator against a measured peak: `locus run` of a nonlocalized edit on a 20M-parameter random checkpoint in a
 * child JVM (its VmHWM), less a JVM that only started libtorch and opened the bundled model. Linux only (/proc).
 */
class MeasuredPeakTest {
    static final String SHAPE = """
            {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 256, "intermediate_size": 1024,
             "num_hidden_layers": 4, "num_attention_heads": 4, "num_key_value_heads": 4, "head_dim": 64,
             "vocab_size": 16000, "max_position_embeddings": 512, "rms_norm_eps": 1e-05, "rope_theta": 10000.0,
             "hidden_act": "silu", "tie_word_embeddings": false}
            """;

    @Test
    void theEditsEstimatedPeakIsNearTheMeasuredOne(@TempDir Path tmp) throws Exception {
        Path model = tmp.resolve("model");
        ModelShape shape = ModelShape.fromText("measured", SHAPE);
        ShapeCheckpoint.write(shape, SHAPE, DType.F32, 1, 0, Bundled.sportsWorld().resolve("tokenizer.json"), model);
        Path config = tmp.resolve("edit.json");
        Files.writeString(config, """
                {"name": "measured", "model": "%s", "data": "demo", "formats": ["standard"], "edit_format": "standard",
                 "forget": "first:16", "edit_target": "random", "seeds": [0], "methods": ["nonlocalized"],
                 "localization": {"format": "standard", "flu_layers": [1, 2]},
                 "edit": {"steps": 1, "batch": 128, "lr": 1e-3, "eval_every": 0},
                 "evaluation": {"general_questions": null},
                 "relearn": {"enabled": false}, "probes": {"enabled": false}, "soft_prompt": {"enabled": false},
                 "figures": {"enabled": false}}
                """.formatted(model));
        long base = peak(tmp, "info", "--model", "demo");
        long run = peak(tmp, "run", config.toString(), "--out", tmp.resolve("run").toString(), "--device", "cpu");
        ExperimentConfig c = ExperimentConfig.read(config);
        MemoryBudget.Workload w = ExperimentRunner.workload(c, model, 1);
        List<Estimate> rows = ExperimentPlan.of(c, ModelShape.ofFolder(model), 4,
                new ExperimentPlan.Lengths(w.positions(), w.textPositions(), 64));
        Estimate largest = rows.stream().max(java.util.Comparator.comparingLong(Estimate::peakBytes)).orElseThrow();
        double ratio = (double) (run - base) / largest.peakBytes();
        System.out.printf(java.util.Locale.ROOT, "measured peak %s above a bare JVM's %s; estimated %s (%s: %s):"
                + " measured / estimated = %.2f%n", MemoryBudget.size(run - base), MemoryBudget.size(base),
                MemoryBudget.size(largest.peakBytes()), largest.label(), largest.breakdown(), ratio);
        assertEquals("edit nonlocalized", largest.label());
        // The target is 15%; it is not met at every size yet: 0.77 here (the general text's logits terms count
        // more copies than this small model keeps), 1.16-1.25 for passes of a 1.2B model (README, "Measured on this
        // machine"). The bound catches an estimator that breaks, while the gap is open and written down.
        assertTrue(ratio > 0.7 && ratio < 1.3, "measured / estimated = " + ratio);
    }

    /** VmHWM of `locus args` in a child JVM. */
    private static long peak(Path tmp, String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-Xmx1g", "-Dai.djl.offline=true",
                "-Dlocus.home=" + tmp.resolve("home"), "-cp", System.getProperty("java.class.path"),
                PeakChild.class.getName()));
        cmd.addAll(List.of(args));
        Path log = tmp.resolve("child-" + args[0] + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertEquals(0, p.waitFor(), () -> read(log));
        String last = read(log).lines().filter(l -> l.startsWith("peak ")).reduce((a, b) -> b).orElseThrow();
        return Long.parseLong(last.substring(5));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
