package dev.locus.sweep.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.cli.LocusCli;
import dev.locus.sweep.RunState;
import dev.locus.sweep.RunStatus;
import dev.locus.sweep.SweepEntry;
import dev.locus.sweep.SweepFiles;
import dev.locus.sweep.SweepInfo;
import dev.locus.sweep.SweepManifest;
import dev.locus.sweep.SweepState;
import dev.locus.sweep.SweepSummary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every launcher must do, with real task processes on the bundled model's quick-check config: a 4-run sweep
 * two at a time ends with four complete run folders and the summary; a run stopped mid-way is the one run a resume
 * submits; a run that fails (its model folder holds no model) is reported failed with its log's last line while the
 * others finish. {@link LocalLauncherTest} and {@link SlurmLauncherTest} run it.
 */
abstract class SweepLauncherContract {
    static final String QUICK_CHECK = "sample-configs/quick-check.json";

    @TempDir
    Path tmp;

    /** The launch flags: the launcher, two runs at a time. */
    abstract List<String> launchFlags();

    /** Stops one running task from outside, as a user would (kill, scancel). */
    abstract void stopFromOutside(RunStatus running) throws Exception;

    record Result(int code, String out, String err) {
    }

    static Result locus(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LocusCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }

    List<String> sweep(Path dir, List<String> configs, String lrs, boolean detach) {
        List<String> args = new ArrayList<>(List.of("sweep"));
        args.addAll(configs);
        args.addAll(List.of("--out", dir.toString(), "--lr", lrs, "--forget-coef", "1"));
        args.addAll(launchFlags());
        if (detach) {
            args.add("--detach");
        }
        return args;
    }

    @Test
    void fourRunsTwoAtATimeEndWithFourRunFoldersAndTheSummary() throws Exception {
        Path dir = tmp.resolve("sweep");
        Result r = locus(sweep(dir, List.of(QUICK_CHECK), "2e-3,4e-3", false));
        assertEquals(0, r.code(), r.out() + r.err());
        List<SweepEntry> entries = SweepManifest.read(dir);
        assertEquals(4, entries.size());
        for (SweepEntry e : entries) {
            assertEquals(RunState.COMPLETE, RunStatus.read(dir, e.id()).state(), e.label());
            assertEquals(1, RunStatus.read(dir, e.id()).attempt(), e.label());
            Path run = SweepFiles.runFolder(dir, e.id());
            assertTrue(Files.isRegularFile(run.resolve("config.json")) && Files.isRegularFile(run.resolve("run.json"))
                    && Files.isRegularFile(run.resolve("trial.json")), run.toString());
        }
        List<String> csv = Files.readAllLines(dir.resolve("sweep.csv"));
        assertEquals(5, csv.size(), String.join("\n", csv));
        assertEquals(2, csv.stream().filter(l -> l.endsWith(",true")).count(), "one choice per method");
        assertTrue(Files.readString(dir.resolve("sweep.json")).contains("method_edit"));
        assertTrue(Files.size(dir.resolve("figures/sweep.png")) > 10_000);
        assertTrue(SweepSummary.written(dir));
        SweepInfo info = SweepInfo.read(dir);
        assertEquals(1, info.submissions().size());
        assertEquals(List.of(0, 1, 2, 3), info.submissions().get(0).indexes());
        assertTrue(r.out().contains("all 4 runs complete"), r.out());
        // taken up again: nothing is run twice
        Result again = locus(sweep(dir, List.of(QUICK_CHECK), "2e-3,4e-3", false));
        assertEquals(0, again.code(), again.out() + again.err());
        assertTrue(again.out().contains("nothing to submit"), again.out());
        assertEquals(1, SweepInfo.read(dir).submissions().size());
    }

    @Test
    void aRunStoppedMidWayIsTheOneRunResumeSubmits() throws Exception {
        Path dir = tmp.resolve("stopped");
        Result r = locus(sweep(dir, List.of(QUICK_CHECK), "2e-3,4e-3", true));
        assertEquals(0, r.code(), r.out() + r.err());
        List<SweepEntry> entries = SweepManifest.read(dir);
        RunStatus running = null;
        SweepEntry stopped = null;
        long deadline = System.currentTimeMillis() + 180_000;
        while (running == null && System.currentTimeMillis() < deadline) {
            for (SweepEntry e : entries) {
                RunStatus s = RunStatus.read(dir, e.id());
                if (s != null && s.state() == RunState.RUNNING) {
                    running = s;
                    stopped = e;
                    break;
                }
            }
            Thread.sleep(200);
        }
        assertNotNull(running, "no run started within 3 minutes");
        Thread.sleep(3000); // mid-way: the engine is up and the run is localizing or editing
        stopFromOutside(running);
        SweepState idle = awaitIdle(dir);
        for (SweepState.Row row : idle.runs()) {
            assertEquals(row.entry().index() == stopped.index() ? RunState.CANCELLED : RunState.COMPLETE, row.state(),
                    row.entry().label() + ": " + row.lastLine());
        }
        assertFalse(SweepSummary.written(dir), "the summary waits for every run");
        Result status = locus(List.of("status", dir.toString()));
        assertTrue(status.out().contains("cancelled"), status.out());

        Result resumed = locus(List.of("resume", dir.toString()));
        assertEquals(0, resumed.code(), resumed.out() + resumed.err());
        SweepInfo info = SweepInfo.read(dir);
        assertEquals(List.of(stopped.index()), info.submissions().get(info.submissions().size() - 1).indexes());
        for (SweepEntry e : entries) {
            RunStatus s = RunStatus.read(dir, e.id());
            assertEquals(RunState.COMPLETE, s.state(), e.label());
            assertEquals(e == stopped ? 2 : 1, s.attempt(), e.label());
        }
        assertTrue(SweepSummary.written(dir));
        assertTrue(Files.isRegularFile(dir.resolve("sweep.json")));
    }

    @Test
    void cancelStopsTheQueuedAndRunningRunsAndSaysSo() throws Exception {
        Path dir = tmp.resolve("cancelled");
        Result r = locus(sweep(dir, List.of(QUICK_CHECK), "1e-3,2e-3,4e-3", true));
        assertEquals(0, r.code(), r.out() + r.err());
        awaitRunning(dir);
        Result c = locus(List.of("cancel", dir.toString()));
        assertEquals(0, c.code(), c.out() + c.err());
        SweepState s = awaitIdle(dir);
        assertTrue(s.count(RunState.CANCELLED) >= 1, s.progressLine(2));
        assertEquals(s.runs().size(), s.count(RunState.CANCELLED) + s.count(RunState.PENDING)
                + s.count(RunState.COMPLETE), "nothing left running, failed or lost: " + s.progressLine(2));
        assertTrue(s.count(RunState.PENDING) >= 2, "six runs two at a time: some never started: " + s.progressLine(2));
        assertEquals(s.toRun().size(), s.runs().size() - s.count(RunState.COMPLETE));
    }

    static RunStatus awaitRunning(Path dir) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            for (SweepEntry e : SweepManifest.read(dir)) {
                RunStatus s = RunStatus.read(dir, e.id());
                if (s != null && s.state() == RunState.RUNNING) {
                    return s;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no run started within 3 minutes");
    }

    @Test
    void aFailingRunIsReportedWithItsLogsLastLineAndTheOthersFinish() throws Exception {
        Path notAModel = Files.createDirectories(tmp.resolve("not-a-model"));
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, """
                {"name": "broken", "model": "%s", "forget": "first:16", "methods": ["flu"], "edit": {"steps": 20}}
                """.formatted(notAModel));
        Path dir = tmp.resolve("failing");
        Result r = locus(sweep(dir, List.of(QUICK_CHECK, broken.toString()), "4e-3", false));
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("1 of 3 runs did not complete"), r.err());
        SweepState s = awaitIdle(dir);
        SweepState.Row bad = s.runs().get(2);
        assertEquals("broken: flu lr 4e-03 coef 1", bad.entry().label());
        assertEquals(RunState.FAILED, bad.state());
        String last = SweepFiles.lastLine(SweepFiles.log(dir, bad.entry().id()));
        assertTrue(last.startsWith("locus: error: ") && last.contains(notAModel.toString()), last);
        assertEquals(last, bad.lastLine());
        assertTrue(r.out().contains(last), "the sweep's outcome shows the failed run's last line:\n" + r.out());
        assertEquals(RunState.COMPLETE, s.runs().get(0).state());
        assertEquals(RunState.COMPLETE, s.runs().get(1).state());
        assertFalse(SweepSummary.written(dir));
    }

    static SweepState awaitIdle(Path dir) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 300_000;
        SweepState s = Sweeps.state(dir);
        while (!s.idle() && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            s = Sweeps.state(dir);
        }
        assertTrue(s.idle(), "still busy after 5 minutes: " + s.progressLine(2));
        return s;
    }
}
