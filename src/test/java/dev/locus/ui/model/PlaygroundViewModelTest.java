package dev.locus.ui.model;

import static dev.locus.ui.fixtures.Fx.fx;
import static dev.locus.ui.fixtures.ModelDataFixture.await;
import static dev.locus.ui.fixtures.ModelDataFixture.state;
import static dev.locus.ui.fixtures.ModelDataFixture.value;
import static org.junit.jupiter.api.Assertions.*;

import dev.locus.data.Fact;
import dev.locus.ui.fixtures.ModelDataFixture;
import dev.locus.ui.session.DataLoader;
import dev.locus.ui.session.ModelLoader;
import dev.locus.ui.task.Job;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The prompt playground on the real bundled model. */
class PlaygroundViewModelTest {
    @TempDir
    static Path dir;
    static ModelDataFixture f;
    PlaygroundViewModel vm;

    @BeforeAll
    static void load() throws Exception {
        f = ModelDataFixture.empty(dir);
        // One view model made before the data loads: the default prompt must follow the dataset.
        fx(() -> new PlaygroundViewModel(f.ctx));
        await(fx(() -> ModelLoader.openBundled(f.ctx)));
        await(fx(() -> DataLoader.load(f.ctx, f.session.config.get())));
        f.awaitIdle();
    }

    @BeforeEach
    void fresh() throws Exception {
        vm = fx(() -> new PlaygroundViewModel(f.ctx));
    }

    @AfterAll
    static void close() throws Exception {
        f.close();
    }

    @Test
    void theDefaultPromptIsTheFirstFactAndItsTopTokenIsTheAthletesSport() throws Exception {
        Fact first = fx(() -> f.session.dataset.get().facts().get(0));
        String prompt = fx(() -> vm.prompt().get());
        assertTrue(prompt.endsWith(first.subject() + " plays the sport of"), prompt);
        assertEquals(first.attribute(), fx(() -> vm.expected().get()));

        PlaygroundViewModel.Result r = value(await(fx(() -> vm.run())));
        assertSame(r, fx(() -> vm.result().get()));
        assertEquals(10, r.top().size(), "k defaults to 10");
        PlaygroundViewModel.Prediction top = r.top().get(0);
        assertEquals(first.attribute(), top.text().strip(), "top-1 is the athlete's sport");
        assertTrue(top.probability() > 0.5, "p = " + top.probability());
        for (int i = 1; i < r.top().size(); i++) {
            assertTrue(r.top().get(i - 1).probability() >= r.top().get(i).probability(), "sorted by probability");
        }
        double sum = r.top().stream().mapToDouble(PlaygroundViewModel.Prediction::probability).sum();
        assertTrue(sum <= 1.0 + 1e-6);
        // The tokens are the tokenizer's, ids and texts aligned.
        int[] ids = fx(() -> f.session.model.get()).requireTokenizer().encode(prompt);
        assertEquals(ids.length, r.tokens().size());
        for (int i = 0; i < ids.length; i++) {
            assertEquals(ids[i], r.tokens().get(i).id());
            assertFalse(r.tokens().get(i).text().isEmpty());
        }
        assertFalse(fx(() -> vm.running().get()));
    }

    @Test
    void kChoosesHowManyNextTokensAreListedAndATypedPromptStays() throws Exception {
        fx(() -> {
            vm.k().set(3);
            vm.prompt().set("Fact: Tiger Woods plays the sport of");
        });
        assertEquals("", fx(() -> vm.expected().get()), "no expected answer for a typed prompt");
        PlaygroundViewModel.Result r = value(await(fx(() -> vm.run())));
        assertEquals(3, r.top().size());
        assertEquals("Fact: Tiger Woods plays the sport of", r.prompt());
    }

    @Test
    void anEmptyPromptFailsWithOneClearLine() throws Exception {
        fx(() -> vm.prompt().set("   "));
        int n = f.failures.size();
        Job<PlaygroundViewModel.Result> job = await(fx(() -> vm.run()));
        assertEquals(javafx.concurrent.Worker.State.FAILED, state(job));
        assertEquals(n + 1, f.failures.size());
        assertTrue(f.failures.get(n).contains("the prompt is empty"), f.failures.get(n));
        assertFalse(fx(() -> vm.running().get()));
    }
}
