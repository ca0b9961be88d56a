package dev.locus.ui.results;

import static dev.locus.ui.fixtures.Fx.fx;

import dev.locus.ui.Workbench;
import dev.locus.ui.fixtures.TestWindows;
import dev.locus.ui.fixtures.TinyRun;
import dev.locus.ui.session.Session;
import dev.locus.ui.task.ModelThread;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ComboBox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Format box shows the format the charts are in, whatever happens to the runs around it: a run opened before the
 * panel, a second run, a format chosen, the runs cleared and added again, no run chosen for a moment. (Its values were
 * bound both ways, and a combo box whose items are cleared writes null into what it is bound to: the box went blank.)
 */
@ExtendWith(ApplicationExtension.class)
class ResultsFormatBoxWindowTest {
    @TempDir Path tmp;
    Workbench workbench;
    @Start
    void start(javafx.stage.Stage stage) {
        workbench = TestWindows.open(stage, new Session(), TestWindows.thread(), false);
    }
    ResultsPanel panel() { return (ResultsPanel) workbench.panel("Results"); }
    void settle() throws Exception {
        ResultsViewModel vm = panel().viewModel();
        Thread.sleep(500);
        for (int i = 0; i < 100; i++) {
            var f = fx(vm::latest);
            f.get(60, TimeUnit.SECONDS);
            WaitForAsyncUtils.waitForFxEvents();
            if (fx(vm::latest) == f && !fx(() -> vm.loading().get())) break;
        }
        WaitForAsyncUtils.waitForFxEvents();
    }
    ComboBox<?> box() {
        return (ComboBox<?>) dev.locus.ui.fixtures.LayoutChecks.all(panel().view()).stream()
                .filter(n -> n instanceof ComboBox<?> c && c.getTooltip() != null
                        && c.getTooltip().getText().startsWith("The prompt format")).findFirst().orElseThrow();
    }
    private final java.util.List<String> blank = new java.util.ArrayList<>();

    /** Notes a step where the box shows another format than the one the charts use, or none. */
    void say(String when) throws Exception {
        String charted = fx(() -> panel().viewModel().format().get());
        String shown = fx(() -> ResultsPresentationWindowTest.shownText(box()));
        if (charted == null || !charted.equals(shown)) {
            blank.add(when + ": the format is " + charted + ", the box shows " + shown);
        }
    }
    @Test
    void theFormatBoxNeverGoesBlank() throws Exception {
        var runs = workbench.context().session().runs;
        fx(() -> workbench.show("Home"));
        fx(() -> runs.add(TinyRun.folder()));
        settle();
        fx(() -> workbench.show("Results"));
        settle();
        say("opened after the run");
        Path other = TinyRun.copy(tmp.resolve("q2").resolve("tiny-ui"));
        fx(() -> runs.add(other));
        settle();
        say("second run added");
        fx(() -> panel().viewModel().format().set("mcq"));
        settle();
        say("mcq chosen");
        fx(() -> runs.clear());
        settle();
        say("cleared");
        fx(() -> runs.add(TinyRun.folder()));
        settle();
        say("added again");
        fx(() -> panel().viewModel().selected().set(null));
        settle();
        say("selected null");
        fx(() -> panel().viewModel().selected().set(panel().viewModel().choices().get(0)));
        settle();
        say("selected again");
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), blank);
        org.junit.jupiter.api.Assertions.assertEquals("mcq", fx(() -> panel().viewModel().format().get()),
                "the format chosen stays chosen");
    }
}
