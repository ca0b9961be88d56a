package dev.locus.ui;

import dev.locus.ui.controls.Menus;
import dev.locus.ui.controls.Theme;
import dev.locus.ui.data.DataPanel;
import dev.locus.ui.edit.EditPanel;
import dev.locus.ui.home.HomePanel;
import dev.locus.ui.localize.LocalizePanel;
import dev.locus.ui.model.ModelPanel;
import dev.locus.ui.results.ResultsPanel;
import dev.locus.ui.select.SelectPanel;
import dev.locus.ui.session.Panel;
import dev.locus.ui.session.PanelHost;
import dev.locus.ui.session.Session;
import dev.locus.ui.session.WorkbenchContext;
import dev.locus.ui.sweeps.SweepsPanel;
import dev.locus.ui.task.Job;
import dev.locus.ui.task.ModelThread;
import dev.locus.ui.tour.TourController;
import dev.locus.ui.window.JobBar;
import dev.locus.ui.window.JobList;
import dev.locus.ui.window.PresentationMode;
import dev.locus.ui.window.StatusBar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.controlsfx.control.Notifications;

/**
 * The main window: a menu bar, the panels in a navigation column, the job list, a status bar. It owns no logic of
 * its own; panels bring their views and their menu items.
 */
public final class Workbench implements PanelHost {
    /** The panels, in the order a user works through them. */
    public static final List<Function<WorkbenchContext, Panel>> PANELS = List.of(HomePanel::new, ModelPanel::new,
            DataPanel::new, LocalizePanel::new, SelectPanel::new, EditPanel::new, ResultsPanel::new,
            SweepsPanel::new);

    private final Stage stage;
    private final WorkbenchContext context;
    private final Map<String, Panel> panels = new LinkedHashMap<>();
    private final Map<String, ToggleButton> buttons = new LinkedHashMap<>();
    private final StackPane center = new StackPane();
    private final DoubleProperty fontSize = new SimpleDoubleProperty(13);
    private StatusBar statusBar;
    private PresentationMode presentation;
    private Panel shown;
    private TourController tour;

    public Workbench(Stage stage, Session session, ModelThread thread) {
        this.stage = stage;
        this.context = new WorkbenchContext(session, thread, thread.log(), this::show, this::notifyUser, () -> stage);
        thread.setOnFailure(this::notifyError);
        for (Function<WorkbenchContext, Panel> make : PANELS) {
            Panel p = make.apply(context);
            panels.put(p.title(), p);
        }
        ((HomePanel) panels.get("Home")).setOnTour(this::startTour);
    }

    @Override
    public WorkbenchContext context() {
        return context;
    }

    /** Every panel, in the navigation's order. */
    @Override
    public List<Panel> panels() {
        return List.copyOf(panels.values());
    }

    /** The panel with this title. */
    @Override
    public Panel panel(String title) {
        Panel p = panels.get(title);
        if (p == null) {
            throw new IllegalArgumentException("no panel " + title);
        }
        return p;
    }

    public List<String> panelTitles() {
        return List.copyOf(panels.keySet());
    }

    /** Builds the scene and shows the first panel. */
    public Scene scene() {
        BorderPane root = new BorderPane();
        root.getStyleClass().add("workbench");
        root.styleProperty().bind(Bindings.format(java.util.Locale.ROOT, "-fx-font-size: %.1fpx;", fontSize));
        center.getStyleClass().add("panel-area");
        root.setCenter(center);
        // The job list sits beside the panel (never over it): shown while jobs run, or when the user asks.
        JobList jobs = new JobList(context.thread().jobs());
        statusBar = new StatusBar(context.session(), context.thread().jobs(), jobs);
        presentation = new PresentationMode(stage, context.session().presentation, fontSize, root, jobs, statusBar,
                new JobBar(context.thread().jobs()));
        root.setTop(menuBar());
        root.setLeft(navigation());
        Scene scene = new Scene(root, 1280, 800);
        Theme.apply(scene);
        show(panels.keySet().iterator().next());
        return scene;
    }

    /** Tells every panel the window is up (the model panel then loads the bundled model). */
    public void started() {
        panels.values().forEach(Panel::started);
        // After the start-up jobs (model, data), so that the panels are prepared with what they will show.
        javafx.collections.ObservableList<Job<?>> jobs = context.thread().jobs();
        javafx.collections.ListChangeListener<Job<?>> whenIdle = new javafx.collections.ListChangeListener<>() {
            @Override
            public void onChanged(Change<? extends Job<?>> c) {
                if (jobs.isEmpty()) {
                    jobs.removeListener(this);
                    prepareHiddenPanels(new java.util.ArrayDeque<>(panels.values()));
                }
            }
        };
        if (jobs.isEmpty()) {
            prepareHiddenPanels(new java.util.ArrayDeque<>(panels.values()));
        } else {
            jobs.addListener(whenIdle);
        }
    }

    /**
     * Builds, styles and renders each panel not shown yet, one per pulse, and takes it out again: the first visit to
     * a panel then costs a swap, not 50-170 ms of building, styling, class loading and glyph rasterizing on the JavaFX
     * thread (measured while an edit runs, by the workbench benchmark).
     */
    private void prepareHiddenPanels(java.util.Deque<Panel> left) {
        Panel p = left.poll();
        if (p == null) {
            return;
        }
        if (p != shown) {
            Node v = p.view();
            if (v.getParent() == null) {
                v.setVisible(false);
                center.getChildren().add(0, v);
                v.applyCss();
                center.layout();
                v.setVisible(true);
                v.snapshot(null, null); // renders it once: glyphs of its fonts are cached before the first visit
                center.getChildren().remove(v);
            }
        }
        javafx.application.Platform.runLater(() -> prepareHiddenPanels(left));
    }

    /** Shows the panel with this title. */
    @Override
    public void show(String title) {
        Panel p = panel(title);
        center.getChildren().setAll(p.view());
        buttons.get(title).setSelected(true);
        shown = p;
        p.shown();
    }

    public Panel shown() {
        return shown;
    }

    private Node navigation() {
        VBox nav = new VBox(4);
        nav.getStyleClass().add("navigation");
        nav.setPadding(new Insets(12, 8, 12, 8));
        Label brand = new Label("Locus");
        brand.getStyleClass().add("brand");
        nav.getChildren().add(brand);
        ToggleGroup group = new ToggleGroup();
        int i = 1;
        for (Panel p : panels.values()) {
            ToggleButton b = new ToggleButton(p.title());
            b.setToggleGroup(group);
            b.setMaxWidth(Double.MAX_VALUE);
            b.getStyleClass().add("nav-button");
            b.setTooltip(new Tooltip(p.purpose() + "  (Ctrl+" + i + ")"));
            b.setOnAction(e -> show(p.title()));
            // Clicking the selected button again must not leave nothing selected.
            b.addEventFilter(javafx.scene.input.MouseEvent.MOUSE_PRESSED, e -> {
                if (b.isSelected()) {
                    e.consume();
                }
            });
            buttons.put(p.title(), b);
            nav.getChildren().add(b);
            i++;
        }
        nav.setPrefWidth(150);
        return nav;
    }

    private MenuBar menuBar() {
        Menu file = new Menu("_File");
        Menu run = new Menu("_Run");
        Menu view = new Menu("_View");
        Menu help = new Menu("_Help");
        for (Panel p : panels.values()) {
            file.getItems().addAll(p.fileMenu());
            run.getItems().addAll(p.runMenu());
        }
        MenuItem cancel = Menus.item("Cancel all jobs", "Stop every waiting and running job",
                new KeyCodeCombination(KeyCode.PERIOD, KeyCombination.SHORTCUT_DOWN), () -> context.thread().cancelAll());
        run.getItems().addAll(new SeparatorMenuItem(), cancel);
        MenuItem quit = Menus.item("Quit", "Close the workbench", new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN),
                this::quit);
        file.getItems().addAll(new SeparatorMenuItem(), quit);
        int i = 1;
        for (Panel p : panels.values()) {
            view.getItems().add(Menus.item(p.title(), p.purpose(), new KeyCodeCombination(KeyCode.valueOf("DIGIT" + i),
                    KeyCombination.SHORTCUT_DOWN), () -> show(p.title())));
            i++;
        }
        view.getItems().addAll(new SeparatorMenuItem(),
                Menus.item("Larger text", "Scale all text up", new KeyCodeCombination(KeyCode.EQUALS, KeyCombination.SHORTCUT_DOWN),
                        () -> fontSize.set(Math.min(28, fontSize.get() + 1))),
                Menus.item("Smaller text", "Scale all text down", new KeyCodeCombination(KeyCode.MINUS, KeyCombination.SHORTCUT_DOWN),
                        () -> fontSize.set(Math.max(9, fontSize.get() - 1))),
                Menus.item("Normal text", "Text at its normal size", new KeyCodeCombination(KeyCode.DIGIT0, KeyCombination.SHORTCUT_DOWN),
                        () -> fontSize.set(13)),
                new SeparatorMenuItem(), presentation.menuItem());
        help.getItems().addAll(Menus.item("Open log", "The log file with the details of every error", null,
                () -> openLog()));
        help.getItems().add(Menus.item("Tour", "A guided tour of the finding on the bundled model, step by step", null,
                this::startTour));
        return new MenuBar(file, run, view, help);
    }

    /**
     * What closing the window now would lose, as a question for the user, or null when nothing would be lost. Run
     * folders are written as they go, so only work in progress is at stake.
     */
    public String closeWarning() {
        int jobs = context.thread().jobs().size();
        if (jobs == 0) {
            return null;
        }
        return (jobs == 1 ? "A job is" : jobs + " jobs are") + " still running or waiting. Closing cancels "
                + (jobs == 1 ? "it" : "them") + "; what a run has finished stays in its run folder. Close anyway?";
    }

    /** Asks before the window closes while jobs run (a close request that is declined is consumed). */
    void confirmClose(javafx.stage.WindowEvent request) {
        String warning = closeWarning();
        if (warning == null) {
            return;
        }
        javafx.scene.control.Alert ask = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.CONFIRMATION,
                warning, javafx.scene.control.ButtonType.CANCEL, javafx.scene.control.ButtonType.OK);
        ask.initOwner(stage);
        ask.setHeaderText("Jobs are running");
        if (ask.showAndWait().filter(b -> b == javafx.scene.control.ButtonType.OK).isEmpty()) {
            request.consume();
        }
    }

    /** File > Quit: closes the window, asking first as the window's close button does. */
    private void quit() {
        javafx.stage.WindowEvent request = new javafx.stage.WindowEvent(stage, javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST);
        confirmClose(request);
        if (!request.isConsumed()) {
            stage.close();
        }
    }

    /** Starts the guided tour (Help > Tour, Home's button); the one running when there is one. */
    public TourController startTour() {
        if (tour == null || !tour.active()) {
            tour = TourController.start(this, stage.getScene());
        }
        return tour;
    }

    /** The text size of the whole window, in pixels (Ctrl+= and Ctrl+- change it). */
    public DoubleProperty fontSize() {
        return fontSize;
    }


    private void notifyUser(String message) {
        statusBar.message(message);
        context.log().info(message);
        if (stage.isShowing()) {
            Notifications.create().owner(stage).title("Locus").text(message).hideAfter(javafx.util.Duration.seconds(4))
                    .showInformation();
        }
    }

    private void notifyError(String message) {
        statusBar.message(message);
        if (stage.isShowing()) {
            Notifications.create().owner(stage).title("Something went wrong").text(message + "\n(Help > Open log for details)")
                    .hideAfter(javafx.util.Duration.seconds(10)).showError();
        }
    }

    private void openLog() {
        java.nio.file.Path file = context.log().file();
        String message = "The log is " + file.toAbsolutePath();
        try {
            if (java.awt.Desktop.isDesktopSupported() && java.nio.file.Files.exists(file)) {
                new Thread(() -> {
                    try {
                        java.awt.Desktop.getDesktop().open(file.toFile());
                    } catch (Exception ignored) {
                        // Shown below: the path is always given.
                    }
                }, "open-log").start();
            }
        } catch (RuntimeException | Error ignored) {
            // Headless or no desktop: the path is enough.
        }
        notifyUser(message);
    }

}
