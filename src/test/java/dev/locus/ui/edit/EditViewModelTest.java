package dev.locus.ui.edit;

import static dev.locus.ui.fixtures.EditFixtures.await;
import static dev.locus.ui.fixtures.Fx.fx;
import static org.junit.jupiter.api.Assertions.*;

import dev.locus.experiment.RunRecorder;
import dev.locus.experiment.config.EditSettings;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.model.LocusModel;
import dev.locus.ui.fixtures.EditFixtures;
import dev.locus.ui.runs.LossCurves;
import dev.locus.ui.runs.RunFeed;
import dev.locus.ui.runs.RunStatus;
import dev.locus.ui.session.Session;
import dev.locus.ui.session.WorkbenchContext;
import dev.locus.ui.task.AppLog;
import dev.locus.ui.task.Job;
import dev.locus.ui.task.ModelThread;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

/** The Edit panel's view model on the bundled model, without a window: queues, live losses, cancel, settings. */
class EditViewModelTest {
    @TempDir
    static Path tmp;

    static ModelThread thread;
    static Session session;
    static WorkbenchContext ctx;

    @BeforeAll
    static void load() throws Exception {
        FxToolkit.registerPrimaryStage();
        thread = new ModelThread(new AppLog(tmp.resolve("locus.log")));
        session = fx(() -> {
            Session s = new Session();
            s.workspaceFolder.set(tmp.resolve("workspace"));
            return s;
        });
        ctx = WorkbenchContext.headless(session, thread);
        EditFixtures.loadSportsWorld(ctx, tmp.resolve("data"));
    }

    @AfterAll
    static void close() {
        thread.close();
    }

    @Test
    void aQueueRunsOneEditPerMethodWithLiveLossesAndConfigsThatReproduceIt() throws Exception {
        EditViewModel vm = fx(() -> new EditViewModel(ctx));
        assertEquals(List.of("flu"), fx(() -> List.copyOf(vm.checked())), "the current selection is chosen at first");
        long changedBefore = fx(() -> session.runsChanged.get());
        int runsBefore = fx(() -> session.runs.size());
        List<Job<RunRecorder>> jobs = fx(() -> {
            vm.value("steps").set(4);
            vm.checked().setAll("flu", "random");
            assertTrue(vm.canRun().get(), vm.missing().get());
            return vm.run();
        });
        assertEquals(2, jobs.size(), "one job per method");
        for (Job<RunRecorder> job : jobs) {
            await(job, 120);
            assertEquals(javafx.concurrent.Worker.State.SUCCEEDED, fx(job::getState), () -> String.valueOf(job.getException()));
        }
        List<Path> all = fx(() -> List.copyOf(session.runs));
        List<Path> runs = all.subList(runsBefore, all.size());
        assertEquals(2, runs.size(), "each run joins the session's runs: " + all);
        assertEquals(runs.get(0).getParent(), runs.get(1).getParent(), "one queue, one folder");
        assertEquals(tmp.resolve("workspace").resolve("runs").toAbsolutePath(), runs.get(0).getParent().getParent());
        for (String method : List.of("flu", "random")) {
            Path dir = runs.get(method.equals("flu") ? 0 : 1);
            assertEquals(method, dir.getFileName().toString());
            List<String> metrics = Files.readAllLines(dir.resolve("metrics.csv"));
            assertTrue(metrics.stream().anyMatch(l -> l.startsWith(method + ",0,after,standard,forget,accuracy,")), metrics.toString());
            ExperimentConfig config = ExperimentConfig.read(dir.resolve("config.json"));
            assertEquals(List.of(method), config.methods());
            assertEquals(4, config.edit().steps());
            Path mask = Path.of(config.masks().get(method));
            assertTrue(Files.isRegularFile(mask), "the selection is a mask file the config names: " + mask);
            assertTrue(mask.startsWith(tmp.resolve("workspace").resolve("masks").toAbsolutePath()), mask.toString());
            assertTrue(Files.readString(mask).contains("L2.mlp") || !method.equals("flu"), "flu's mask holds its layers");
            config.checkInputsExist("config.json");
        }
        LossCurves curves = vm.live().curves();
        assertEquals(4, (int) fx(() -> curves.points("flu")), "a loss point per step for flu");
        assertEquals(4, (int) fx(() -> curves.points("random")), "a loss point per step for random");
        assertTrue(fx(() -> session.runsChanged.get()) > changedBefore, "the results panel heard of the new rows");
        assertTrue(fx(() -> vm.live().queue().stream().allMatch(r -> r.state().get() == RunStatus.State.FINISHED)));
    }

    @Test
    void cancellingTheFirstEditLeavesTheNextRunningAndTheModelAsItWas() throws Exception {
        LocusModel model = fx(() -> session.model.get());
        int[] prompt = model.tokenizer().encode("Michael Jordan plays the sport of");
        Job<float[]> before = fx(() -> thread.submit("logits", r -> model.logits(prompt)));
        await(before, 30);
        EditViewModel vm = fx(() -> new EditViewModel(ctx));
        LossCurves curves = vm.live().curves();
        List<Job<RunRecorder>> jobs = fx(() -> {
            vm.value("steps").set(60);
            vm.value("eval_every").set(0);
            vm.checked().setAll("flu", "random");
            List<Job<RunRecorder>> queued = vm.run();
            // Cancelled from the window's side as soon as its first losses arrive: mid-edit.
            curves.version().addListener((obs, old, now) -> {
                if (curves.points("flu") > 0 && !queued.get(0).isDone()) {
                    queued.get(0).cancel(true);
                }
            });
            return queued;
        });
        await(jobs.get(0), 60);
        await(jobs.get(1), 120);
        assertEquals(javafx.concurrent.Worker.State.CANCELLED, fx(jobs.get(0)::getState));
        assertEquals(javafx.concurrent.Worker.State.SUCCEEDED, fx(jobs.get(1)::getState), () -> String.valueOf(jobs.get(1).getException()));
        int fluPoints = fx(() -> curves.points("flu"));
        assertTrue(fluPoints > 0 && fluPoints < 60, "flu stopped mid-edit after " + fluPoints + " steps");
        assertEquals(60, (int) fx(() -> curves.points("random")));
        List<RunStatus> rows = fx(() -> List.copyOf(vm.live().queue()));
        assertEquals(RunStatus.State.CANCELLED, rows.get(0).state().get());
        assertEquals(RunStatus.State.FINISHED, rows.get(1).state().get());
        assertTrue(Files.readString(rows.get(1).folder().resolve("metrics.csv")).contains("random,0,after,"));
        Job<float[]> after = fx(() -> thread.submit("logits", r -> model.logits(prompt)));
        await(after, 30);
        assertArrayEquals(fx(before::getValue), fx(after::getValue), "the loaded model is never changed, cancelled or not");
    }

    @Test
    void runWaitsForAModelDataAndASelectionAndForSettingsTheEngineAccepts() throws Exception {
        Session fresh = fx(Session::new);
        WorkbenchContext c = WorkbenchContext.headless(fresh, thread);
        EditViewModel vm = fx(() -> new EditViewModel(c));
        assertFalse(fx(() -> vm.canRun().get()));
        assertTrue(fx(() -> vm.missing().get()).contains("model"), vm.missing().get());
        fx(() -> fresh.model.set(session.model.get()));
        assertTrue(fx(() -> vm.missing().get()).contains("Data panel"), vm.missing().get());
        fx(() -> fresh.dataset.set(session.dataset.get()));
        assertTrue(fx(() -> vm.missing().get()).contains("Select panel"), vm.missing().get());
        assertTrue(fx(() -> vm.run()).isEmpty(), "nothing runs without a selection");
        fx(() -> {
            fresh.selections.putAll(session.selections);
            fresh.selection.set(session.selections.get("random"));
        });
        assertTrue(fx(() -> vm.canRun().get()), vm.missing().get());
        assertEquals(List.of("random"), fx(() -> List.copyOf(vm.checked())));

        fx(() -> vm.value("lr").set(0.0));
        assertTrue(fx(() -> vm.problem().get()).startsWith("lr: must be above 0"), vm.problem().get());
        assertFalse(fx(() -> vm.canRun().get()), "bad settings stop the run");
        fx(() -> vm.value("lr").set(0.002));
        assertEquals("", fx(() -> vm.problem().get()));
        assertEquals(0.002, fx(() -> fresh.config.get().edit().lr()), "the config is the settings' home");

        fx(() -> vm.value("steps").set(4));
        fx(() -> vm.value("warmup").set(10));
        assertTrue(fx(() -> vm.problem().get()).contains("warmup"), vm.problem().get());
        assertEquals(0, (int) fx(() -> fresh.config.get().edit().warmup()), "rejected settings leave the config alone");
        fx(() -> vm.value("steps").set(20));
        assertEquals("", fx(() -> vm.problem().get()), "warm-up fits once the steps grow");
        assertEquals(10, (int) fx(() -> fresh.config.get().edit().warmup()));

        assertEquals(0.001, fx(() -> vm.value("mask_lr").get()), "the mask's own learning rate, the paper's");
        assertEquals(15, fx(() -> vm.value("mask_ramp_start").get()));
        fx(() -> vm.value("mask_lr").set(0.01));
        fx(() -> vm.value("mask_ramp_start").set(5));
        assertEquals(new dev.locus.edit.WeightMasking.Mask(1.0, 5, 0.01), fx(() -> fresh.config.get().edit().mask()));
        assertEquals(0.002, fx(() -> fresh.config.get().edit().lr()), "apart from the edit's");

        fx(() -> vm.value(EditViewModel.OBJECTIVE).set("unlearn"));
        assertEquals(EditSettings.Objective.UNLEARN, fx(() -> fresh.config.get().edit().objective()));
        assertTrue(fx(() -> vm.objectiveHint().get()).startsWith("Unlearn"));
        fx(() -> vm.value(EditViewModel.SEED).set(7L));
        assertEquals(List.of(7L), fx(() -> fresh.config.get().seeds()));

        fx(() -> fresh.config.set(fresh.config.get().withEdit(dev.locus.experiment.config.EditSettings.DEFAULTS, java.util.Map.of())));
        assertEquals(50, fx(() -> vm.value("steps").get()), "the sheet follows a config set elsewhere");
    }

    @Test
    void theEditedMethodIsReadFromTheEngineStage() {
        assertEquals("flu", RunFeed.editedMethod("seed 0: flu: edit"));
        assertEquals("attribution-patching-mlps", RunFeed.editedMethod("seed 12: attribution-patching-mlps: edit"));
        assertNull(RunFeed.editedMethod("seed 0: localize probes"));
        assertNull(RunFeed.editedMethod("seed 0: flu: evaluate after"));
        assertEquals("my_pick", EditViewModel.folderName("my pick"));
    }
}
