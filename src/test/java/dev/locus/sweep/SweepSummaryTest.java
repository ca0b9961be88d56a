package dev.locus.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locus.experiment.ParameterSweep;
import dev.locus.experiment.config.ExperimentConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The summary: only when every run is complete, once, and per config when a sweep has several. */
class SweepSummaryTest {
    @TempDir
    Path tmp;

    @Test
    void twoConfigsWithTheSameMethodsAreSummarizedApartOnceAllRunsComplete() throws Exception {
        ExperimentConfig small = ExperimentConfig.parse("{\"name\": \"small\", \"methods\": [\"flu\"]}", "small.json");
        ExperimentConfig large = ExperimentConfig.parse("{\"name\": \"large\", \"methods\": [\"flu\"]}", "large.json");
        List<SweepEntry> entries = SweepPlan.trials(List.of(small, large), List.of(1e-3, 2e-3), List.of(1.0));
        Path dir = tmp.resolve("s");
        SweepPlan.create(dir, entries, SweepPlanTest.info(), false);
        ObjectMapper json = new ObjectMapper();
        for (SweepEntry e : entries) {
            assertFalse(SweepSummary.writeIfDone(dir), "not before every run is complete");
            double lr = e.config().editFor("flu").lr();
            // the larger model forgets best at the larger rate, the smaller at the smaller
            double forget = e.group().equals("small") == (lr == 1e-3) ? 0.1 : 0.5;
            ParameterSweep.Trial t = new ParameterSweep.Trial("flu", lr, 1.0, forget, 0.9, 0.95, 0.97, 3);
            Path run = Files.createDirectories(SweepFiles.runFolder(dir, e.id()));
            json.writeValue(run.resolve(ParameterSweep.TRIAL_FILE).toFile(), t);
            new RunStatus(RunState.COMPLETE, 1, "vm", 1, null, Instant.now().toString(), Instant.now().toString(), 3,
                    null).write(dir, e.id());
        }
        assertTrue(SweepSummary.writeIfDone(dir));
        assertFalse(SweepSummary.writeIfDone(dir), "written once");
        assertTrue(SweepSummary.written(dir));
        assertTrue(Files.readString(dir.resolve("small/sweep.json")).contains("\"lr\" : 0.001"));
        assertTrue(Files.readString(dir.resolve("large/sweep.json")).contains("\"lr\" : 0.002"));
        assertEquals(3, Files.readAllLines(dir.resolve("large/sweep.csv")).size());
        assertTrue(Files.size(dir.resolve("small/figures/sweep.png")) > 10_000);
    }
}
