package dev.locus.sweep.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.experiment.MetricRow;
import dev.locus.experiment.RunFolder;
import dev.locus.localize.HandBuiltModel;
import dev.locus.sweep.RunState;
import dev.locus.sweep.RunStatus;
import dev.locus.sweep.SweepEntry;
import dev.locus.sweep.SweepFiles;
import dev.locus.sweep.SweepManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code locus run --launcher local} of a config with two seeds: a run per seed in its own process, and the folder
 * then reads as one run of both seeds, with the same rows each seed's own run folder has.
 */
class MultiSeedRunTest {
    @TempDir
    Path tmp;

    @Test
    void eachSeedRunsAloneAndTheSummaryIsTheRunOfBoth() throws Exception {
        HandBuiltModel built = HandBuiltModel.write(tmp.resolve("hand"), 7);
        Path config = tmp.resolve("two-seeds.json");
        Files.writeString(config, """
                {"name": "two-seeds", "model": "%s", "data": "%s", "format_file": "%s", "forget": "first:8",
                 "seeds": [0, 1], "methods": ["flu"], "localization": {"flu_layers": [1, 1]},
                 "edit": {"steps": 4, "batch": 16, "lr": 0.01, "eval_every": 0},
                 "evaluation": {"general_questions": null, "general_text": null},
                 "relearn": {"steps": 2, "eval_every": 2, "batch": 8, "formats": ["standard"]},
                 "probes": {"iterations": 20}}
                """.formatted(built.modelDir(), built.dataCsv(), built.formatFile()));
        Path dir = tmp.resolve("run");
        SweepLauncherContract.Result r = SweepLauncherContract.locus(List.of("run", config.toString(), "--out",
                dir.toString(), "--launcher", "local", "--workers", "2"));
        assertEquals(0, r.code(), r.out() + r.err());
        List<SweepEntry> entries = SweepManifest.read(dir);
        assertEquals(List.of(List.of(0L), List.of(1L)), entries.stream().map(e -> e.config().seeds()).toList());
        RunFolder all = RunFolder.read(dir);
        assertEquals(List.of(0L, 1L), all.config().seeds());
        for (SweepEntry e : entries) {
            assertEquals(RunState.COMPLETE, RunStatus.read(dir, e.id()).state());
            RunFolder one = RunFolder.read(SweepFiles.runFolder(dir, e.id()));
            long seed = e.config().seeds().get(0);
            List<MetricRow> mine = all.metrics().stream().filter(m -> m.seed() == seed).toList();
            assertEquals(one.metrics(), mine, "seed " + seed + "'s rows, as its own run wrote them");
            assertTrue(!mine.isEmpty());
        }
        assertTrue(Files.isRegularFile(dir.resolve("figures/bars-standard.png")), "figures across seeds");
    }
}
