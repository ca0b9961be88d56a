package dev.locus.ui.edit;

import static dev.locus.ui.fixtures.EditFixtures.await;
import static dev.locus.ui.fixtures.Fx.fx;
import static org.junit.jupiter.api.Assertions.*;

import dev.locus.experiment.RunRecorder;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.ui.runs.BundledComparison;
import dev.locus.ui.runs.RunStatus;
import dev.locus.ui.session.ModelLoader;
import dev.locus.ui.session.Session;
import dev.locus.ui.session.WorkbenchContext;
import dev.locus.ui.task.AppLog;
import dev.locus.ui.task.Job;
import dev.locus.ui.task.ModelThread;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The bundled paper comparison: the right config, started as one job into its own folder (cancelled early here). */
class PaperComparisonTest {
    @TempDir
    Path tmp;

    @Test
    void theBundledConfigIsTheSampleConfig() throws Exception {
        byte[] sample = Files.readAllBytes(Path.of("sample-configs", BundledComparison.CONFIG));
        try (InputStream in = BundledComparison.class.getResourceAsStream(BundledComparison.CONFIG)) {
            assertNotNull(in, "bundled next to PaperComparison");
            assertArrayEquals(sample, in.readAllBytes(), "the bundled copy must stay identical to sample-configs/");
        }
        ExperimentConfig c = BundledComparison.config();
        assertEquals(ExperimentConfig.METHODS, c.methods(), "all nine methods");
        assertEquals(4e-3, c.editFor("causal-tracing-mlps").lr());
        assertEquals(1e-3, c.editFor("all-mlps").lr());
        assertEquals(2e-3, c.editFor("flu").lr());
    }

    @Test
    void startRunsTheComparisonAsOneJobIntoItsOwnFolder() throws Exception {
        FxToolkit.registerPrimaryStage();
        try (ModelThread thread = new ModelThread(new AppLog(tmp.resolve("locus.log")))) {
            Session session = fx(() -> {
                Session s = new Session();
                s.workspaceFolder.set(tmp.resolve("workspace"));
                return s;
            });
            List<String> shown = new CopyOnWriteArrayList<>();
            WorkbenchContext ctx = new WorkbenchContext(session, thread, thread.log(), shown::add, m -> { }, () -> null);
            await(fx(() -> ModelLoader.openBundled(ctx)), 60);
            Job<RunRecorder> job = fx(() -> PaperComparison.start(ctx));
            assertEquals(1, (int) fx(() -> thread.jobs().size()), "one job for the whole comparison");
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> fx(() -> session.runs.size()) == 1);
            Path out = fx(() -> session.runs.get(0));
            assertEquals("sports-world-flu-vs-ot", out.getFileName().toString());
            assertTrue(out.getParent().getFileName().toString().endsWith("-paper-comparison"), out.toString());
            assertEquals(tmp.resolve("workspace").resolve("runs").toAbsolutePath(), out.getParent().getParent(),
                    "a folder of its own under runs/, so that Results never merges two comparisons");
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> Files.exists(out.resolve("config.json")));
            assertEquals(BundledComparison.config().toJson(), ExperimentConfig.read(out.resolve("config.json")).toJson(),
                    "the run folder's config reproduces the comparison with locus run");
            fx(() -> job.cancel(true));
            await(job, 60);
            assertEquals(RunStatus.State.CANCELLED, fx(() -> session.liveRuns.queue().get(0).state().get()));
            assertTrue(shown.isEmpty(), "Results is shown only when the comparison finishes");
        }
    }
}
