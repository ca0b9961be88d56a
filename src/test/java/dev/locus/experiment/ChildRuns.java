package dev.locus.experiment;

import dev.locus.localize.HandBuiltModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** `locus run` in a child JVM on the hand-built model: for what one process cannot show (thread counts, SIGKILL). */
final class ChildRuns {
    private ChildRuns() {
    }

    /** A config over the hand-built model's first 8 facts, FLU fixed to MLP 1, with these methods and steps. */
    static Path config(Path dir, HandBuiltModel built, String methods, int steps) throws IOException {
        Path config = dir.resolve("child-run.json");
        Files.writeString(config, """
                {"name": "child", "model": "%s", "data": "%s", "format_file": "%s", "forget": "first:8",
                 "methods": [%s], "localization": {"flu_layers": [1, 1]},
                 "edit": {"steps": %d, "batch": 16, "lr": 0.01, "eval_every": 5},
                 "evaluation": {"general_questions": null, "general_text": null},
                 "relearn": {"steps": 6, "eval_every": 2, "batch": 8, "formats": ["standard"]},
                 "probes": {"iterations": 50}, "figures": {"enabled": false}}
                """.formatted(built.modelDir(), built.dataCsv(), built.formatFile(), methods, steps));
        return config;
    }

    /** Starts `locus run config --out out` with libtorch on {@code threads} threads (0: its default). */
    static Process start(Path config, Path out, int threads, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=" + (threads > 0 ? threads : Runtime.getRuntime().availableProcessors()),
                "-cp", System.getProperty("java.class.path"), "dev.locus.Launcher", "run", config.toString(),
                "--out", out.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
