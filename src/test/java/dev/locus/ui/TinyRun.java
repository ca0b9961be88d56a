package dev.locus.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A real, small run folder for the UI tests: {@code src/test/resources/dev/locus/ui/tiny-run} is what
 * {@code ExperimentRunner} wrote (tables, config, masks' JSON) for {@link #CONFIG} on the bundled Sports World
 * model. It is kept as files because making it takes minutes on a busy CI machine; {@code RunFolderTest} checks the
 * reader against the recorder itself, so a change of the recorder's format still fails a test. To make it anew:
 * {@code locus run tiny-ui.json --out DIR} with {@link #CONFIG}, then copy the files listed above.
 */
final class TinyRun {
    static final String CONFIG = """
            {"name": "tiny-ui", "forget": "first:8", "seeds": [0],
             "methods": ["flu", "causal-tracing", "random", "all-mlps"],
             "localization": {"prompts": 8},
             "edit": {"steps": 4, "batch": 16, "lr": 2e-3, "eval_every": 2},
             "evaluation": {"max_general_lines": 16},
             "relearn": {"steps": 2, "eval_every": 1, "batch": 8, "rank": 4},
             "probes": {"iterations": 150},
             "figures": {"enabled": false}}
            """;
    private static Path run;

    private TinyRun() {
    }

    /** A copy of the run folder ({@code .../batch/tiny-ui}), made once; treat it as read-only, copy it to change it. */
    static synchronized Path folder() {
        if (run == null) {
            try {
                run = copy(Files.createTempDirectory("locus-ui-run").resolve("batch").resolve("tiny-ui"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return run;
    }

    /** A copy of the run's folder at target (its parents created). */
    static Path copy(Path target) {
        try {
            Path from = Path.of(TinyRun.class.getResource("tiny-run/config.json").toURI()).getParent();
            try (Stream<Path> files = Files.walk(from)) {
                for (Path p : files.toList()) {
                    Path to = target.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(p, to);
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
