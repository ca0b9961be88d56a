package dev.locus.experiment;

import static org.junit.jupiter.api.Assertions.*;

import dev.locus.localize.HandBuiltModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed with SIGKILL at any moment leaves a run folder that reads back whole: its tables hold the methods
 * finished so far, never half a row or half a file (every table is rewritten to a temporary name and moved).
 */
class KilledRunTest {
    @TempDir
    Path tmp;

    @Test
    void aRunKilledAtRandomMomentsLeavesAFolderThatReadsBackWhole() throws Exception {
        HandBuiltModel built = HandBuiltModel.write(tmp.resolve("hand"), 7);
        Path config = ChildRuns.config(tmp, built, "\"flu\", \"random\", \"all-mlps\", \"nonlocalized\"", 30);
        Random random = new Random(5);
        int withRows = 0;
        for (int kill = 0; kill < 5; kill++) {
            Path out = tmp.resolve("run-" + kill);
            Process p = ChildRuns.start(config, out, 0, tmp.resolve("log-" + kill));
            Thread.sleep(2000 + random.nextInt(5000));
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            if (!RunFolder.isRun(out)) {
                continue; // killed before the run wrote its config: nothing to read, nothing half-written
            }
            RunFolder run = RunFolder.read(out); // throws on a half-written table
            if (!run.metrics().isEmpty()) {
                withRows++;
            }
            try (Stream<Path> files = Files.walk(out)) {
                files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".csv"))
                        .forEach(f -> assertTrue(endsWithNewline(f), f + " ends with a whole line"));
            }
        }
        assertTrue(withRows >= 2, "some kills came after methods had finished: " + withRows);
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
