package dev.locus.ui;

import static org.junit.jupiter.api.Assertions.*;

import dev.locus.experiment.ExperimentConfig;
import dev.locus.localize.Localization;
import dev.locus.localize.Selection;
import dev.locus.localize.Strategies;
import dev.locus.model.LocusModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.testfx.util.WaitForAsyncUtils;

/** What the edit tests share: a tiny config, loading the bundled model and data, selections, waiting for jobs. */
final class EditFixtures {
    /** Seconds-long runs: 8 of 48 facts, 4 steps, few general questions, no relearning, no latent probes. */
    static final String TINY = """
            {"name": "tiny", "data": "sports.csv", "forget": "first:8", "seeds": [0],
             "localization": {"prompts": 8},
             "edit": {"steps": 4, "batch": 16, "lr": 2e-3, "eval_every": 0},
             "evaluation": {"general_questions": "general-questions.csv", "max_general_lines": 16},
             "relearn": {"enabled": false},
             "probes": {"enabled": false, "iterations": 100}}
            """;

    private EditFixtures() {
    }

    /**
     * The tiny config over the first 48 facts of Sports World and its first 20 general questions, written into
     * {@code dir}: the bundled model knows them all, and evaluating them takes a second rather than a minute.
     */
    static ExperimentConfig tiny(Path dir) throws java.io.IOException {
        Path bundled = dev.locus.model.Bundled.sportsWorld();
        Files.createDirectories(dir);
        Files.write(dir.resolve("sports.csv"), Files.readAllLines(bundled.resolve("sports.csv")).subList(0, 49));
        Files.write(dir.resolve("general-questions.csv"),
                Files.readAllLines(bundled.resolve("general-questions.csv")).subList(0, 21));
        return ExperimentConfig.parse(TINY, "tiny.json", dir);
    }

    /** Runs on the JavaFX thread and returns its result. */
    static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(30, TimeUnit.SECONDS);
    }

    static void fx(Runnable r) throws Exception {
        WaitForAsyncUtils.asyncFx(r).get(30, TimeUnit.SECONDS);
    }

    /** Waits until the job is done and its handlers on the JavaFX thread have run. */
    static void await(Job<?> job, int seconds) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, job::isDone);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The bundled model and the tiny config's data in the session, with the FLU-budget selections; flu current. */
    static void loadSportsWorld(WorkbenchContext ctx, Path dir) throws Exception {
        Session s = ctx.session();
        Job<LocusModel> model = fx(() -> ModelLoader.openBundled(ctx));
        await(model, 60);
        assertNotNull(fx(() -> s.model.get()), "the bundled model loads");
        Job<DataLoader.Loaded> data = fx(() -> DataLoader.load(ctx, tiny(dir).withModel(s.config.get().model())));
        await(data, 60);
        assertNotNull(fx(() -> s.dataset.get()), "the data loads");
        LocusModel m = fx(() -> s.model.get());
        Job<Map<String, Selection>> picked = fx(() -> ctx.thread().submit("selections",
                r -> Localization.baselines(m.components(), Strategies.fluLayers(m.components(), 2, 3), 0)));
        await(picked, 30);
        fx(() -> {
            s.selections.putAll(picked.getValue());
            s.selection.set(picked.getValue().get(Strategies.FLU));
        });
    }
}
