package dev.locus.ui.home;

import static dev.locus.ui.fixtures.Fx.fx;
import static dev.locus.ui.fixtures.ModelDataFixture.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.locus.ui.Workbench;
import dev.locus.ui.fixtures.ModelDataFixture;
import dev.locus.ui.session.DataLoader;
import dev.locus.ui.session.ModelLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Home: the session's state in words, and steps that open their panels. */
class HomeViewModelTest {
    @TempDir
    Path dir;

    @Test
    void statusFollowsTheSessionAndStepsNavigate() throws Exception {
        try (ModelDataFixture f = ModelDataFixture.empty(dir)) {
            HomeViewModel vm = fx(() -> new HomeViewModel(f.ctx));
            assertTrue(fx(() -> vm.modelStatus().get()).contains("none loaded"));
            assertFalse(fx(() -> vm.ready().get()));
            await(fx(() -> ModelLoader.openBundled(f.ctx)));
            await(fx(() -> DataLoader.load(f.ctx, f.session.config.get())));
            f.awaitIdle();
            String model = fx(() -> vm.modelStatus().get());
            assertTrue(model.contains("Sports World") && model.contains("8 layers"), model);
            String data = fx(() -> vm.dataStatus().get());
            assertTrue(data.contains("576 facts") && data.contains("64 to forget"), data);
            assertTrue(fx(() -> vm.ready().get()));

            assertEquals(6, HomeViewModel.STEPS.size());
            for (HomeViewModel.Step s : HomeViewModel.STEPS) {
                fx(() -> vm.open(s));
            }
            assertEquals(java.util.List.of("Model", "Data", "Localize", "Select", "Edit", "Results"), f.navigations);
            // Every step names a real panel of the workbench.
            var titles = fx(() -> Workbench.PANELS.stream().map(p -> p.apply(f.ctx).title()).toList());
            HomeViewModel.STEPS.forEach(s -> assertTrue(titles.contains(s.panel()), s.panel()));
        }
    }
}
