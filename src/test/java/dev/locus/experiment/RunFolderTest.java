package dev.locus.experiment;

import static org.junit.jupiter.api.Assertions.*;

import dev.locus.core.LocusException;
import dev.locus.experiment.config.ExperimentConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run folder reads back exactly what the recorder wrote; anything else is one clear message. */
class RunFolderTest {
    @TempDir
    Path tmp;

    static final List<MetricRow> METRICS = List.of(
            new MetricRow("flu", 0, "before", "standard", "forget", "accuracy", 0.9),
            new MetricRow("flu", 0, "after", "standard", "forget", "accuracy", 0.125),
            new MetricRow("flu", 0, "after", "mcq", "forget", "edit_accuracy", 0.5),
            new MetricRow("flu", 0, "relearn-2", "standard", "relearn", "accuracy", 0.25),
            new MetricRow("odd,name \"x\"", 1, "after", "standard", "maintain", "accuracy", Double.NaN));
    static final List<ProbeRow> PROBES = List.of(new ProbeRow("flu", 0, "after", -1, "true", 0.75),
            new ProbeRow("flu", 0, "after", 3, "edit", 0.5));

    private Path recorded() {
        Path dir = tmp.resolve("run");
        ExperimentConfig c = ExperimentConfig.defaults("tiny").withRun("tiny", List.of(0L, 1L), List.of("flu", "random"));
        RunDirectory.prepare(dir, false);
        c.write(dir.resolve("config.json"));
        RunRecorder r = new RunRecorder(dir, c, RunListener.NONE);
        r.metrics(METRICS);
        r.probes(PROBES);
        r.flush();
        return dir;
    }

    @Test
    void readsBackWhatTheRecorderWrote() {
        Path dir = recorded();
        RunFolder run = RunFolder.read(dir);
        assertEquals(METRICS.subList(0, 4), run.metrics().subList(0, 4));
        MetricRow odd = run.metrics().get(4);
        assertEquals("odd,name \"x\"", odd.method(), "quoted fields");
        assertTrue(Double.isNaN(odd.value()), "NaN is written as an empty cell and read back as NaN");
        assertEquals(PROBES, run.probes());
        assertEquals(List.of("flu", "odd,name \"x\""), run.methods(), "methods with rows, config order first");
        assertEquals(List.of(0L, 1L), run.config().seeds());
        assertTrue(RunFolder.isRun(dir));
    }

    @Test
    void aRunThatHasNotFinishedAMethodHasNoRowsYet() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("starting"));
        ExperimentConfig.defaults("x").write(dir.resolve("config.json"));
        RunFolder run = RunFolder.read(dir);
        assertTrue(run.metrics().isEmpty());
        assertTrue(run.probes().isEmpty());
    }

    @Test
    void aFolderThatIsNoRunIsOneClearMessage() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("photos"));
        LocusException e = assertThrows(LocusException.class, () -> RunFolder.read(dir));
        assertTrue(e.getMessage().contains("not a run folder") && e.getMessage().contains("config.json"), e.getMessage());
        e = assertThrows(LocusException.class, () -> RunFolder.read(tmp.resolve("nowhere")));
        assertTrue(e.getMessage().contains("no such folder"), e.getMessage());
    }

    @Test
    void malformedLinesNameTheFileAndLine() throws Exception {
        Path dir = recorded();
        Path csv = dir.resolve("metrics.csv");
        List<String> lines = Files.readAllLines(csv);
        Files.writeString(csv, String.join("\n", lines.get(0), lines.get(1), "flu,0,after,standard,forget,accuracy,high"));
        LocusException e = assertThrows(LocusException.class, () -> RunFolder.read(dir));
        assertEquals("run/metrics.csv: line 3: value must be a number, not 'high'", e.getMessage());

        Files.writeString(csv, String.join("\n", lines.get(0), "flu,0,after"));
        e = assertThrows(LocusException.class, () -> RunFolder.read(dir));
        assertTrue(e.getMessage().startsWith("run/metrics.csv: line 2: 3 fields, expected 7"), e.getMessage());

        Files.writeString(csv, "a,b,c\n");
        e = assertThrows(LocusException.class, () -> RunFolder.read(dir));
        assertTrue(e.getMessage().startsWith("run/metrics.csv: line 1: the header must be method,seed,"), e.getMessage());

        Files.writeString(csv, lines.get(0) + "\n");
        Files.writeString(dir.resolve("probes.csv"), "method,seed,phase,layer,target,accuracy\nflu,x,after,1,true,0.5\n");
        e = assertThrows(LocusException.class, () -> RunFolder.read(dir));
        assertEquals("run/probes.csv: line 2: seed must be a whole number, not 'x'", e.getMessage());

        Files.writeString(dir.resolve("config.json"), "{\"name\": \"bad name!\"}");
        e = assertThrows(LocusException.class, () -> RunFolder.read(dir));
        assertTrue(e.getMessage().startsWith("run/config.json: name"), e.getMessage());
    }
}
