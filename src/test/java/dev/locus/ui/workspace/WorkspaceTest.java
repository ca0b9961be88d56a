package dev.locus.ui.workspace;

import static dev.locus.ui.fixtures.Fx.fx;
import static org.junit.jupiter.api.Assertions.*;

import dev.locus.data.ForgetSpec;
import dev.locus.localize.select.Selection;
import dev.locus.localize.select.Strategies;
import dev.locus.model.LocusModel;
import dev.locus.ui.fixtures.TinyRun;
import dev.locus.ui.session.ModelLoader;
import dev.locus.ui.session.Session;
import dev.locus.ui.session.WorkbenchContext;
import dev.locus.ui.task.AppLog;
import dev.locus.ui.task.ModelThread;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Save the session as a workspace file, open it in a fresh session: config, selections and runs come back. */
class WorkspaceTest {
    @TempDir
    Path tmp;
    private final List<ModelThread> threads = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() {
        threads.forEach(ModelThread::close);
    }


    private WorkbenchContext context(Session session, List<String> messages) {
        ModelThread thread = new ModelThread(new AppLog(tmp.resolve("log.txt")));
        threads.add(thread);
        return new WorkbenchContext(session, thread, thread.log(), t -> { }, messages::add, () -> null);
    }

    /** Waits until the model thread has no job left and the JavaFX thread has applied their results. */
    private static void idle(WorkbenchContext ctx) throws Exception {
        for (int i = 0; i < 600; i++) {
            WaitForAsyncUtils.waitForFxEvents();
            if (fx(() -> ctx.thread().jobs().isEmpty())) {
                WaitForAsyncUtils.waitForFxEvents();
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("jobs never finished");
    }

    @Test
    void saveThenOpenRestoresConfigSelectionsAndRuns() throws Exception {
        Session s1 = new Session();
        List<String> said = new CopyOnWriteArrayList<>();
        WorkbenchContext c1 = context(s1, said);
        fx(() -> ModelLoader.openBundled(c1));
        idle(c1);
        LocusModel model = fx(s1.model::get);
        assertNotNull(model);
        Map<String, Selection> made = fx(() -> c1.thread().submit("select", r -> Map.of(
                "all-mlps", Strategies.allMlps(model.components()),
                "my layers", Strategies.fluLayers(model.components(), 1, 2)))).get(60, TimeUnit.SECONDS);
        Path run = TinyRun.folder();
        fx(() -> {
            s1.selections.put("all-mlps", made.get("all-mlps"));
            s1.selections.put("my layers", made.get("my layers"));
            s1.selection.set(made.get("my layers"));
            s1.comparison.set(made.get("all-mlps"));
            s1.config.set(s1.config.get().withForget(ForgetSpec.parse("first:12"), "none"));
            s1.runs.add(run);
            return null;
        });
        Path file = tmp.resolve("ws").resolve("paper" + WorkspaceFile.EXTENSION);
        Files.createDirectories(file.getParent());
        WorkspaceActions save = new WorkspaceActions(c1);
        fx(() -> save.save(file)).get(60, TimeUnit.SECONDS);
        assertTrue(Files.isRegularFile(file));
        assertTrue(Files.isRegularFile(tmp.resolve("ws/paper-masks/02-my_layers.json")), "masks beside the file");
        assertEquals(file, save.current(), "Ctrl+S saves here next time");

        // The autosave writes the same session beside the app's own files, quietly, and leaves Ctrl+S's file alone.
        String home = System.getProperty("locus.home");
        System.setProperty("locus.home", tmp.resolve("home").toString());
        try {
            int before = said.size();
            Path auto = fx(save::autosave).get(60, TimeUnit.SECONDS);
            assertEquals(tmp.resolve("home").resolve("autosave" + WorkspaceFile.EXTENSION), auto);
            assertEquals(s1.config.get(), WorkspaceFile.read(auto).experimentConfig(auto));
            assertEquals(2, WorkspaceFile.read(auto).selections().size());
            assertEquals(file, save.current(), "the autosave is not the workspace's file");
            assertEquals(before, said.size(), "quietly");

            // Once started, it saves by itself when a run is added (and after a burst of selections).
            Files.delete(auto);
            fx(() -> {
                save.startAutosave();
                s1.runs.add(tmp.resolve("another-run"));
                return null;
            });
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> Files.isRegularFile(auto));
            assertEquals(2, WorkspaceFile.read(auto).runs().size(), "the new run is in the autosave");
        } finally {
            if (home == null) {
                System.clearProperty("locus.home");
            } else {
                System.setProperty("locus.home", home);
            }
        }
        WorkspaceFile w = WorkspaceFile.read(file);
        assertEquals("demo", w.model());
        assertEquals("my layers", w.selection());

        Session s2 = new Session();
        WorkbenchContext c2 = context(s2, said);
        WorkspaceActions open = new WorkspaceActions(c2);
        WorkspaceActions.Opening opening = fx(() -> open.open(file)).get(60, TimeUnit.SECONDS);
        Map<String, Selection> back = opening.selections().get(120, TimeUnit.SECONDS);
        idle(c2);
        assertEquals(List.of("all-mlps", "my layers"), List.copyOf(back.keySet()));
        assertEquals(made.get("my layers").components().ids(), fx(() -> s2.selection.get()).components().ids());
        assertEquals(made.get("all-mlps").components().ids(), fx(() -> s2.comparison.get()).components().ids());
        assertEquals(List.of("all-mlps", "my layers"), fx(() -> List.copyOf(s2.selections.keySet())));
        assertEquals(fx(() -> s1.config.get().toJson()), fx(() -> s2.config.get().toJson()));
        assertEquals(ForgetSpec.parse("first:12"), fx(() -> s2.config.get().forget()));
        assertNotNull(fx(s2.dataset::get), "the data is loaded");
        assertNotNull(fx(s2.model::get), "the model is loaded");
        assertEquals(List.of(run), fx(() -> List.copyOf(s2.runs)));
        fx(() -> {
            s2.model.get().close();
            s1.model.get().close();
            return null;
        });
    }

    @Test
    void aBrokenOrForeignFileIsOneClearMessage() throws Exception {
        Path f = tmp.resolve("w.locus.json");
        Files.writeString(f, "{\"format\": \"locus-workspace\", \"version\": 1,");
        assertMessage(f, "w.locus.json: not a workspace file (not JSON: ");
        Files.writeString(f, "{\"name\": \"tiny\", \"methods\": [\"flu\"]}");
        assertMessage(f, "w.locus.json: not a Locus workspace file (its \"format\" must be \"locus-workspace\")");
        Files.writeString(f, "{\"format\": \"locus-workspace\", \"version\": 9, \"model\": \"demo\", \"config\": {}}");
        assertMessage(f, "w.locus.json: version: 9 is not known to this Locus");
        Files.writeString(f, "{\"format\": \"locus-workspace\", \"version\": 1, \"model\": \"demo\"}");
        assertMessage(f, "w.locus.json: config: must be an object");
        Files.writeString(f, "{\"format\": \"locus-workspace\", \"version\": 1, \"model\": \"demo\", \"config\": {},"
                + " \"runs\": \"here\"}");
        assertMessage(f, "w.locus.json: runs: must be a list of run folders");
        Files.writeString(f, "{\"format\": \"locus-workspace\", \"version\": 1, \"model\": \"demo\", \"config\": {},"
                + " \"selection\": \"flu\"}");
        assertMessage(f, "w.locus.json: selection 'flu' is not one of the saved selections []");
        Files.writeString(f, "{\"format\": \"locus-workspace\", \"version\": 1, \"model\": \"demo\","
                + " \"config\": {\"name\": \"x\", \"edit\": {\"lr\": -1}}}");
        assertMessage(f, "w.locus.json: config: edit.lr: ");

        // through the menu action: one message in the window, nothing in the session changed
        Session s = new Session();
        List<String> said = new CopyOnWriteArrayList<>();
        WorkbenchContext ctx = context(s, said);
        var before = fx(() -> s.config.get());
        var future = fx(() -> new WorkspaceActions(ctx).open(f));
        assertThrows(Exception.class, () -> future.get(30, TimeUnit.SECONDS));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, said.size(), said.toString());
        assertTrue(said.get(0).startsWith("Open workspace: w.locus.json: config: edit.lr: "), said.get(0));
        assertSame(before, fx(() -> s.config.get()));
    }

    private static void assertMessage(Path f, String start) {
        var e = assertThrows(dev.locus.core.LocusException.class, () -> WorkspaceFile.read(f));
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }
}
