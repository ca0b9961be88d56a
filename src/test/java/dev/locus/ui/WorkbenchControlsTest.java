package dev.locus.ui;

import static org.junit.jupiter.api.Assertions.*;

import dev.locus.ui.fixtures.TestWindows;
import dev.locus.ui.session.Session;
import dev.locus.ui.task.Job;
import dev.locus.ui.task.ModelThread;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.Control;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextInputControl;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Every panel's controls explain themselves, and no two menu items answer the same shortcut. */
@ExtendWith(ApplicationExtension.class)
class WorkbenchControlsTest {
    private Workbench workbench;
    private ModelThread thread;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        thread = TestWindows.thread();
        workbench = TestWindows.open(stage, new Session(), thread, false);
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> thread.cancelAll()).get();
        thread.close();
    }

    @Test
    void everyMenuShortcutIsUnique() throws Exception {
        Map<String, String> seen = new HashMap<>();
        List<String> clashes = new ArrayList<>();
        WaitForAsyncUtils.asyncFx(() -> {
            MenuBar bar = (MenuBar) ((BorderPane) stage.getScene().getRoot()).getTop();
            for (Menu menu : bar.getMenus()) {
                collect(menu, seen, clashes);
            }
        }).get();
        assertTrue(seen.size() >= 15, "the main actions have shortcuts: " + seen);
        // Panels must not take keys for the whole window: a scene accelerator would shadow a menu's.
        for (String title : workbench.panelTitles()) {
            WaitForAsyncUtils.asyncFx(() -> workbench.show(title)).get();
        }
        List<String> own = WaitForAsyncUtils.asyncFx(() -> stage.getScene().getAccelerators().entrySet().stream()
                .filter(e -> !e.getValue().getClass().getName().contains("ControlAcceleratorSupport") // menu items'
                        && !e.getValue().getClass().getName().contains("MenuBarSkin")) // F10
                .map(e -> e.getKey().getName()).toList()).get();
        assertEquals(List.of(), own);
        assertEquals(List.of(), clashes);
    }

    private static void collect(Menu menu, Map<String, String> seen, List<String> clashes) {
        java.util.Set<String> texts = new java.util.HashSet<>();
        for (MenuItem item : menu.getItems()) {
            if (item.getText() != null && !texts.add(item.getText())) {
                clashes.add(menu.getText() + " menu holds " + item.getText() + " twice");
            }
            if (item instanceof Menu sub) {
                collect(sub, seen, clashes);
            } else if (item.getAccelerator() != null) {
                String key = item.getAccelerator().getName();
                String before = seen.put(key, item.getText());
                if (before != null) {
                    clashes.add(key + ": " + before + " and " + item.getText());
                }
            }
        }
    }

    @Test
    void closingWhileJobsRunAsksFirst() throws Exception {
        assertNull(WaitForAsyncUtils.asyncFx(workbench::closeWarning).get(), "nothing running: nothing to ask");
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Job<Object> job = WaitForAsyncUtils.asyncFx(() -> thread.submit("wait", r -> {
            release.await();
            return null;
        })).get();
        assertEquals("A job is still running or waiting. Closing cancels it; what a run has finished stays in its run"
                + " folder. Close anyway?", WaitForAsyncUtils.asyncFx(workbench::closeWarning).get());
        release.countDown();
        WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS, job::isDone);
    }

    @Test
    void everyControlOfEveryPanelHasATooltip() throws Exception {
        List<String> bare = new ArrayList<>();
        for (String title : workbench.panelTitles()) {
            WaitForAsyncUtils.asyncFx(() -> {
                workbench.show(title);
                walk(workbench.panel(title).view(), title, bare);
            }).get();
            WaitForAsyncUtils.waitForFxEvents();
        }
        assertEquals(List.of(), bare);
    }

    private static void walk(Node node, String panel, List<String> bare) {
        boolean input = node instanceof ButtonBase || node instanceof ComboBoxBase || node instanceof ChoiceBox
                || node instanceof Spinner || node instanceof TextInputControl;
        // Parts of composite controls (a spinner's editor, a combo box's button) are covered by their owner.
        boolean part = node.getParent() != null && (node.getParent() instanceof Spinner
                || node.getParent() instanceof ComboBoxBase || node.getStyleClass().contains("arrow-button"));
        if (input && !part && node.isVisible() && ((Control) node).getTooltip() == null) {
            String text = node instanceof javafx.scene.control.Labeled l ? l.getText()
                    : node.getId() != null ? node.getId() : node.getClass().getSimpleName();
            bare.add(panel + ": " + text + " (" + node.getClass().getSimpleName() + ")");
        }
        if (node instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                walk(child, panel, bare);
            }
        }
    }
}
