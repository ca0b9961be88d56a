package dev.locus.ui.data;

import static dev.locus.ui.fixtures.Fx.fx;
import static dev.locus.ui.fixtures.ModelDataFixture.await;
import static dev.locus.ui.fixtures.ModelDataFixture.state;
import static org.junit.jupiter.api.Assertions.*;

import dev.locus.data.Fact;
import dev.locus.data.ForgetSpec;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.ui.fixtures.ModelDataFixture;
import dev.locus.ui.session.DataLoader;
import dev.locus.ui.task.Job;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.concurrent.Worker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Data panel's view model on the bundled model and data. */
class DataViewModelTest {
    @TempDir
    static Path dir;
    static ModelDataFixture f;
    DataViewModel vm;

    @BeforeAll
    static void load() throws Exception {
        f = ModelDataFixture.loaded(dir);
    }

    @BeforeEach
    void fresh() throws Exception {
        vm = fx(() -> new DataViewModel(f.ctx));
    }

    @AfterAll
    static void close() throws Exception {
        f.close();
    }

    @Test
    void theFormShowsTheSessionsConfig() throws Exception {
        ExperimentConfig c = fx(() -> f.session.config.get());
        assertEquals(ExperimentConfig.DEMO, c.data());
        assertEquals(DataForm.Source.BUNDLED, fx(() -> vm.form().source().get()));
        fx(() -> f.session.config.set(c.withForget(ForgetSpec.random(12, 7), "golf")));
        assertEquals(DataForm.ForgetKind.RANDOM, fx(() -> vm.form().forgetKind().get()));
        assertEquals(12, fx(() -> vm.form().forgetCount().get()));
        assertEquals(7, fx(() -> vm.form().forgetSeed().get()));
        assertEquals(DataForm.TargetKind.NAMED, fx(() -> vm.form().targetKind().get()));
        assertEquals("golf", fx(() -> vm.form().targetAttribute().get()));
        fx(() -> f.session.config.set(c));
    }

    @Test
    void applyingFirstTenGivesTenForgetFactsWithTargets() throws Exception {
        fx(() -> {
            vm.form().source().set(DataForm.Source.BUNDLED);
            vm.form().forgetKind().set(DataForm.ForgetKind.FIRST);
            vm.form().forgetCount().set(10);
            vm.form().targetKind().set(DataForm.TargetKind.RANDOM);
        });
        Job<DataLoader.Loaded> job = await(fx(() -> vm.apply()));
        assertEquals(Worker.State.SUCCEEDED, state(job));
        assertEquals("first:10", fx(() -> f.session.config.get().forget().text()));
        assertEquals(10, fx(() -> f.session.split.get().forget().size()));
        assertEquals(10, fx(() -> vm.forgetFacts().size()));
        List<Fact> facts = fx(() -> List.copyOf(vm.forgetFacts()));
        List<Fact> all = fx(() -> f.session.dataset.get().facts());
        for (int i = 0; i < 10; i++) {
            assertEquals(all.get(i).id(), facts.get(i).id(), "first 10 in file order");
            assertNotNull(facts.get(i).editTarget());
            assertNotEquals(facts.get(i).attribute(), facts.get(i).editTarget());
        }
        DataViewModel.Counts counts = fx(() -> vm.counts());
        assertEquals(all.size(), counts.facts());
        assertEquals(10, counts.forget());
        assertEquals(all.size() - 10, counts.maintainTrain() + counts.maintainTest());
        assertEquals(3, counts.attributes(), "three sports");
        assertFalse(fx(() -> vm.busy().get()));

        // Every fact with one attribute, unlearning only.
        fx(() -> {
            vm.form().forgetKind().set(DataForm.ForgetKind.ATTRIBUTE);
            vm.form().forgetAttribute().set("basketball");
            vm.form().targetKind().set(DataForm.TargetKind.NONE);
        });
        await(fx(() -> vm.apply()));
        List<Fact> basketball = fx(() -> List.copyOf(vm.forgetFacts()));
        assertFalse(basketball.isEmpty());
        assertTrue(basketball.stream().allMatch(x -> x.attribute().equals("basketball") && x.editTarget() == null));
        assertEquals("none", fx(() -> f.session.config.get().editTarget()));
    }

    @Test
    void everyFormatIsPreviewedForTheChosenFact() throws Exception {
        await(fx(() -> vm.load(f.session.config.get().withForget(ForgetSpec.first(5), "golf"))));
        Fact fact = fx(() -> vm.previewFact().get());
        assertEquals(fx(() -> vm.forgetFacts().get(0)), fact);
        List<DataViewModel.FormatPreview> previews = fx(() -> List.copyOf(vm.previews()));
        assertEquals(List.of("standard", "mcq", "qa", "qa-system", "mcq-system"), previews.stream().map(DataViewModel.FormatPreview::format).toList());
        for (DataViewModel.FormatPreview p : previews) {
            assertNull(p.problem(), p.format());
            assertEquals(1, p.prompts().size());
            assertTrue(p.prompts().get(0).text().contains(fact.subject()), p.format());
        }
        assertEquals(" " + fact.attribute(), previews.get(0).prompts().get(0).correctAnswer());
        assertEquals(" golf", previews.get(0).prompts().get(0).editAnswer());
        // Another fact re-renders.
        Fact second = fx(() -> vm.forgetFacts().get(1));
        fx(() -> vm.previewFact().set(second));
        assertTrue(fx(() -> vm.previews().get(0).prompts().get(0).text()).contains(second.subject()));
    }

    @Test
    void accuracyBeforeEditingIsHighOnTheStandardFormat() throws Exception {
        await(fx(() -> vm.load(f.session.config.get().withForget(ForgetSpec.first(16), "random"))));
        Job<List<DataViewModel.FormatAccuracy>> job = await(fx(() -> vm.scoreAccuracy()));
        assertEquals(Worker.State.SUCCEEDED, state(job), "scoring failed: " + fx(() -> vm.error().get()));
        List<DataViewModel.FormatAccuracy> rows = fx(() -> List.copyOf(vm.accuracy()));
        assertEquals(List.of("standard", "mcq", "qa", "qa-system", "mcq-system"), rows.stream().map(DataViewModel.FormatAccuracy::format).toList());
        DataViewModel.FormatAccuracy standard = rows.get(0);
        assertEquals(16, standard.forgetPrompts());
        assertEquals(fx(() -> f.session.split.get().maintain().size()), standard.maintainPrompts());
        assertTrue(standard.forgetAccuracy() > 0.9, "forget " + standard.forgetAccuracy());
        assertTrue(standard.maintainAccuracy() > 0.9, "maintain " + standard.maintainAccuracy());
        for (DataViewModel.FormatAccuracy r : rows) {
            assertTrue(r.forgetArgmaxAccuracy() >= 0 && r.forgetArgmaxAccuracy() <= 1);
        }
        assertFalse(fx(() -> vm.scoring().get()));
        // Another split makes the scores stale.
        await(fx(() -> vm.load(f.session.config.get().withForget(ForgetSpec.first(8), "random"))));
        assertTrue(fx(() -> vm.accuracy().isEmpty()));
    }

    @Test
    void aBadDataFileGivesOneClearMessageAndKeepsTheLoadedData() throws Exception {
        Path bad = dir.resolve("broken.csv");
        Files.writeString(bad, "name,colour\nx,y\n");
        var before = fx(() -> f.session.dataset.get());
        int n = f.failures.size();
        fx(() -> {
            vm.form().source().set(DataForm.Source.SPORTS_CSV);
            vm.form().dataFile().set(bad.toString());
            vm.form().forgetKind().set(DataForm.ForgetKind.FIRST);
            vm.form().forgetCount().set(1);
            vm.form().targetKind().set(DataForm.TargetKind.RANDOM);
        });
        Job<DataLoader.Loaded> job = await(fx(() -> vm.apply()));
        assertEquals(Worker.State.FAILED, state(job));
        String shown = fx(() -> vm.error().get());
        assertTrue(shown.contains("broken.csv"), "names the file: " + shown);
        assertFalse(shown.contains("Exception"), shown);
        assertEquals(n + 1, f.failures.size());
        assertSame(before, fx(() -> f.session.dataset.get()), "the loaded data stays");

        // A missing file, and no file at all, are one line too.
        fx(() -> vm.form().dataFile().set(dir.resolve("nowhere.csv").toString()));
        await(fx(() -> vm.apply()));
        assertTrue(fx(() -> vm.error().get()).contains("no such file"), fx(() -> vm.error().get()));
        fx(() -> vm.form().dataFile().set(""));
        assertNull(fx(() -> vm.apply()), "nothing to load");
        assertTrue(fx(() -> vm.error().get()).startsWith("choose a Sports Facts CSV file"));
        assertTrue(f.messages.get(f.messages.size() - 1).startsWith("choose a Sports Facts CSV file"));
        fx(() -> vm.form().source().set(DataForm.Source.BUNDLED));
    }

    @Test
    void aCounterFactFileLoadsWithItsOwnFormatsAndTargets() throws Exception {
        Path file = dir.resolve("counterfact.json");
        Files.writeString(file, """
                [{"case_id": 0,
                  "requested_rewrite": {"prompt": "The mother tongue of {} is", "relation_id": "P103",
                    "subject": "Danielle Darrieux", "target_new": {"str": "English"}, "target_true": {"str": "French"}},
                  "paraphrase_prompts": ["Danielle Darrieux, a native"],
                  "neighborhood_prompts": ["The mother tongue of Leon Blum is"]},
                 {"case_id": 1,
                  "requested_rewrite": {"prompt": "{} plays the position of", "relation_id": "P413",
                    "subject": "Edwin of Northumbria", "target_new": {"str": "goaltender"},
                    "target_true": {"str": "midfielder"}},
                  "paraphrase_prompts": ["Edwin of Northumbria, who plays"],
                  "neighborhood_prompts": ["Gareth Barry plays the position of"]}]
                """);
        ExperimentConfig before = fx(() -> f.session.config.get());
        fx(() -> {
            vm.form().source().set(DataForm.Source.COUNTERFACT);
            vm.form().dataFile().set(file.toString());
            vm.form().forgetKind().set(DataForm.ForgetKind.FIRST);
            vm.form().forgetCount().set(1);
        });
        assertEquals(DataForm.TargetKind.DATA, fx(() -> vm.form().targetKind().get()), "CounterFact brings its targets");
        assertEquals(Worker.State.SUCCEEDED, state(await(fx(() -> vm.apply()))), () -> vm.error().get());
        ExperimentConfig c = fx(() -> f.session.config.get());
        assertEquals(file.toAbsolutePath().toString(), c.data());
        assertEquals("prompt", c.editFormat(), "the edit trains on a format the data has");
        assertEquals("data", c.editTarget());
        assertEquals(List.of("prompt", "paraphrase", "neighborhood"),
                fx(() -> vm.previews().stream().map(DataViewModel.FormatPreview::format).toList()));
        DataViewModel.FormatPreview prompt = fx(() -> vm.previews().get(0));
        assertEquals("The mother tongue of Danielle Darrieux is", prompt.prompts().get(0).text());
        assertEquals(" English", prompt.prompts().get(0).editAnswer());
        assertEquals(1, fx(() -> vm.forgetFacts().size()));
        assertEquals(1, fx(() -> vm.counts().maintainTrain() + vm.counts().maintainTest()));
        assertFalse(fx(() -> vm.warnings().isEmpty()), "one forget fact cannot be split for relearning");
        await(fx(() -> vm.load(before)));
        assertEquals(DataForm.Source.BUNDLED, fx(() -> vm.form().source().get()), "the form follows the config back");
    }

    @Test
    void theBundledCityFactsLoadAsCounterFactWithTheirOwnMcq() throws Exception {
        ExperimentConfig before = fx(() -> f.session.config.get());
        fx(() -> {
            vm.form().source().set(DataForm.Source.BUNDLED_COUNTERFACT);
            vm.form().forgetKind().set(DataForm.ForgetKind.FIRST);
            vm.form().forgetCount().set(16);
            vm.form().targetKind().set(DataForm.TargetKind.DATA);
        });
        assertEquals(Worker.State.SUCCEEDED, state(await(fx(() -> vm.apply()))), () -> vm.error().get());
        ExperimentConfig c = fx(() -> f.session.config.get());
        assertEquals(ExperimentConfig.DEMO_COUNTERFACT, c.data());
        assertEquals("prompt", c.editFormat());
        assertEquals(160, fx(() -> f.session.dataset.get().facts().size()));
        assertEquals(List.of("prompt", "paraphrase", "neighborhood", "mcq"),
                fx(() -> vm.previews().stream().map(DataViewModel.FormatPreview::format).toList()));
        DataViewModel.FormatPreview mcq = fx(() -> vm.previews().get(3));
        assertTrue(mcq.prompts().get(0).text().startsWith("Question: In which country is the city of "),
                "the model's own city question: " + mcq.prompts().get(0).text());
        assertEquals(16, fx(() -> vm.forgetFacts().size()));
        // The default protocol holds out the last 64 cities as the few-shot pool: 160 - 16 - 64 maintained.
        assertEquals(80, fx(() -> vm.counts().maintainTrain() + vm.counts().maintainTest()));
        await(fx(() -> vm.load(before)));
        assertEquals(DataForm.Source.BUNDLED, fx(() -> vm.form().source().get()));
    }

    @Test
    void switchingToCounterFactMovesTheFormatsToItsOwn() {
        ExperimentConfig c = ExperimentConfig.defaults("x").withData("/data/cf.json", null, null);
        ExperimentConfig fit = FormatFit.fit(c, FormatFit.namesFor(c.data(), null));
        assertEquals("prompt", fit.editFormat());
        assertEquals("prompt", fit.localization().format());
        assertEquals(List.of("prompt"), fit.relearn().formats());
        ExperimentConfig sports = ExperimentConfig.defaults("x");
        assertSame(sports, FormatFit.fit(sports, FormatFit.namesFor("demo", null)), "sports formats stay");
    }
}
