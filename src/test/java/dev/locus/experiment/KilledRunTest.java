package dev.locus.experiment;

import static org.junit.jupiter.api.Assertions.*;

import dev.locus.localize.HandBuiltModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed with SIGKILL at any moment leaves a run folder that reads back whole: its tables hold the methods
 * finished so far, never half a row or half a file (every table is rewritten to a temporary name and moved). The kills
 * land at known moments, read from the run's progress lines, so that what the folder must hold is known too.
 */
class KilledRunTest {
    @TempDir
    Path tmp;

    @Test
    void aRunKilledAtRandomMomentsLeavesAFolderThatReadsBackWhole() throws Exception {
        HandBuiltModel built = HandBuiltModel.write(tmp.resolve("hand"), 7);
        Path config = ChildRuns.config(tmp, built, "\"flu\", \"random\", \"all-mlps\"", 10);
        // The moment of each kill: as soon as the run reports this stage (the stage and a little of its work).
        List<String> stages = List.of("evaluate before", "flu: edit", "flu: relearn", "random: edit", "all-mlps: edit");
        for (int kill = 0; kill < stages.size(); kill++) {
            Path out = tmp.resolve("run-" + kill);
            Path log = tmp.resolve("log-" + kill);
            Process p = ChildRuns.start(config, out, 0, log);
            awaitLine(p, log, stages.get(kill));
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            if (kill == 0 && !RunFolder.isRun(out)) {
                continue; // killed before the run wrote its config: nothing to read, nothing half-written
            }
            RunFolder run = RunFolder.read(out); // throws on a half-written table
            // A method's rows reach the folder when it has finished (relearning included); the one in progress has none.
            List<String> finished = List.<List<String>>of(List.of(), List.of(), List.of(), List.of("flu"),
                    List.of("flu", "random"))
                    .get(kill);
            for (String m : List.of("flu", "random", "all-mlps")) {
                boolean after = run.metrics().stream().anyMatch(r -> r.method().equals(m) && r.phase().equals("after"));
                assertEquals(finished.contains(m), after, "kill at '" + stages.get(kill) + "': rows after " + m);
            }
            try (Stream<Path> files = Files.walk(out)) {
                files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".csv"))
                        .forEach(f -> assertTrue(endsWithNewline(f), f + " ends with a whole line"));
            }
        }
    }

    /** Waits (5 minutes at most) until the child's output has a line containing {@code stage}. */
    private static void awaitLine(Process p, Path log, String stage) throws Exception {
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < end) {
            if (Files.exists(log) && Files.readString(log).lines().anyMatch(l -> l.contains(stage))) {
                return;
            }
            assertTrue(p.isAlive(), "the run ended before '" + stage + "':\n" + Files.readString(log));
            Thread.sleep(20);
        }
        fail("no '" + stage + "' from the run in 5 minutes");
    }

    private static boolean endsWithNewline(Path f) {
        try {
            byte[] b = Files.readAllBytes(f);
            return b.length == 0 || b[b.length - 1] == '\n';
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
