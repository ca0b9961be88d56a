package dev.locus.ui.sweeps;

import dev.locus.experiment.ParameterSweep;
import dev.locus.sweep.RunState;
import dev.locus.sweep.SweepEntry;
import dev.locus.sweep.SweepFigure;
import dev.locus.sweep.SweepState;
import dev.locus.ui.controls.ChartPane;
import dev.locus.ui.controls.FileChoosers;
import dev.locus.ui.controls.Menus;
import dev.locus.ui.controls.Widgets;
import dev.locus.ui.session.ViewPanel;
import dev.locus.ui.session.WorkbenchContext;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.ui.RectangleEdge;

/**
 * The Sweeps panel: a sweep folder ({@code locus sweep}, or {@code locus run} with a launcher: a run per seed) as it stands, read
 * every two seconds: the progress line, a row per run with its state and, for a run that did not complete, its log's
 * last line; resume, cancel, a trial sweep's accuracy against the learning rate, a multi-seed run's finished runs
 * into Results; and a dialog that launches a new sweep.
 */
public final class SweepsPanel extends ViewPanel<SweepsViewModel> {
    private ChartPane chart;
    private List<ParameterSweep.Trial> charted = List.of();

    public SweepsPanel(WorkbenchContext context) {
        super(context, new SweepsViewModel(context));
        vm.onRefused(this::refuse);
    }

    @Override
    public String title() {
        return "Sweeps";
    }

    @Override
    public String purpose() {
        return "Sweeps and multi-seed runs: each run's state, resume, cancel, launch";
    }

    @Override
    public List<MenuItem> fileMenu() {
        return Menus.items(Menus.item("Open sweep folder...", "Follow a sweep folder written by 'locus sweep'", null,
                this::chooseFolder));
    }

    @Override
    protected Node build() {
        VBox root = Widgets.panel("Sweeps", "Learning-rate sweeps and multi-seed runs as folders of independent runs:"
                + " where each run stands (read every 2 s), resume what failed, cancel, and launch new sweeps.");
        Label progress = new Label();
        progress.getStyleClass().add("card-title");
        progress.textProperty().bind(vm.progress());
        Label where = new Label();
        where.getStyleClass().add("hint");
        where.textProperty().bind(Bindings.createStringBinding(() -> describe(vm.reading().get()), vm.reading()));
        Label problem = new Label();
        problem.getStyleClass().add("bad");
        problem.setWrapText(true);
        problem.textProperty().bind(vm.problem());
        Widgets.showWhen(vm.problem().isNotEmpty(), problem);
        TableView<SweepState.Row> table = table();
        vm.reading().addListener((o, a, r) -> table.refresh()); // a running run's time goes on while its row stays
        VBox.setVgrow(table, Priority.ALWAYS);
        chart = new ChartPane(ctx, inPanel(SweepFigure.chart(List.of(), 0.9)), "sweep");
        chart.setPrefHeight(330);
        chart.setMinHeight(260);
        VBox chartCard = Widgets.card("Trials so far: forget (solid, lower is better) and maintain (dashed) accuracy;"
                + " grey: the maintain floor",
                chart);
        BooleanBinding trials = Bindings.createBooleanBinding(() -> vm.reading().get() != null
                && !vm.reading().get().trials().isEmpty(), vm.reading());
        Widgets.showWhen(trials, chartCard);
        vm.reading().addListener((o, a, r) -> showTrials(r));
        VBox open = new VBox(8, progress, where, problem, table, chartCard);
        VBox.setVgrow(open, Priority.ALWAYS);
        StackPane content = new StackPane(open, emptyState());
        open.visibleProperty().bind(vm.folder().isNotNull());
        VBox.setVgrow(content, Priority.ALWAYS);
        root.getChildren().addAll(toolbar(), content);
        return root;
    }

    private Node toolbar() {
        Button open = button("Open sweep folder...", "Follow a sweep folder written by 'locus sweep' or by this panel",
                this::chooseFolder);
        Button launch = button("Launch a sweep...", "A learning-rate sweep of a config, on this machine or on Slurm",
                this::launch);
        launch.getStyleClass().add("primary");
        Button resume = button("Resume", "Run again what failed, was cancelled or lost, and what never started",
                () -> vm.resume());
        Button cancel = button("Cancel runs...", "Stop every queued and running run of this sweep", this::cancel);
        Button results = button("Show in Results", "The finished runs (all seeds together once every run is done)"
                + " in the Results panel's charts", () -> vm.showInResults());
        resume.disableProperty().bind(vm.folder().isNull());
        cancel.disableProperty().bind(vm.folder().isNull());
        BooleanBinding runs = Bindings.createBooleanBinding(() -> vm.reading().get() != null
                && vm.reading().get().state().info().kind().equals(SweepEntry.RUN), vm.reading());
        Widgets.showWhen(runs, results);
        HBox bar = new HBox(8, open, launch, Widgets.grow(), results, resume, cancel);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getChildren().forEach(n -> {
            if (n instanceof Button b) {
                b.setMinWidth(Region.USE_PREF_SIZE);
            }
        });
        return bar;
    }

    private Node emptyState() {
        Label text = Widgets.hint("A sweep is a folder of runs that go on without the workbench: 'locus sweep CONFIG"
                + " --out DIR' (or 'locus run CONFIG --launcher local|slurm') writes one, and so does 'Launch a sweep...'."
                + " Open one to see each run's state, what failed and why, and the results so far.");
        Button open = button("Open sweep folder...", "Follow a sweep folder from disk", this::chooseFolder);
        VBox card = new VBox(10, Widgets.cardTitle("No sweep open"), text, open);
        card.getStyleClass().add("card");
        card.setMaxWidth(640);
        card.setMaxHeight(Region.USE_PREF_SIZE);
        StackPane box = new StackPane(card);
        box.setPadding(new Insets(40));
        StackPane.setAlignment(card, Pos.TOP_CENTER);
        box.visibleProperty().bind(vm.folder().isNull());
        return box;
    }

    private TableView<SweepState.Row> table() {
        TableView<SweepState.Row> t = new TableView<>(vm.rows());
        t.setTooltip(new Tooltip("One run per line of the sweep's manifest; click a header to sort"));
        t.getColumns().add(column("#", 44, r -> r.entry().index()));
        t.getColumns().add(column("Id", 112, r -> r.entry().id()));
        t.getColumns().add(column("Run", 200, r -> r.entry().label()));
        TableColumn<SweepState.Row, RunState> state = column("State", 92, SweepState.Row::state);
        state.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(RunState s, boolean empty) {
                super.updateItem(s, empty);
                getStyleClass().removeAll("good", "bad", "warn");
                setText(empty || s == null ? null : s.key());
                if (!empty && s != null) {
                    switch (s) {
                        case COMPLETE -> getStyleClass().add("good");
                        case FAILED, LOST -> getStyleClass().add("bad");
                        case CANCELLED -> getStyleClass().add("warn");
                        default -> { }
                    }
                }
            }
        });
        t.getColumns().add(state);
        t.getColumns().add(column("Attempt", 70, r -> r.status() == null ? "" : Integer.toString(r.status().attempt())));
        t.getColumns().add(column("Time", 80, SweepsPanel::time));
        TableColumn<SweepState.Row, String> last = column("Last log line (runs that did not complete)", 420,
                SweepState.Row::lastLine);
        last.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String line, boolean empty) {
                super.updateItem(line, empty);
                setText(empty ? null : line);
                setTooltip(empty || line == null || line.isEmpty() ? null : new Tooltip(line));
            }
        });
        last.getStyleClass().add("mono");
        t.getColumns().add(last);
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        t.setPlaceholder(new Label("The sweep has no runs"));
        t.setMinHeight(180);
        return t;
    }

    /** How long the run ran; a running one, for how long so far. */
    private static String time(SweepState.Row r) {
        if (r.status() == null) {
            return "";
        }
        if (r.state() != RunState.RUNNING) {
            return SweepState.duration(r.seconds());
        }
        try {
            return SweepState.duration(java.time.Duration.between(java.time.Instant.parse(r.status().started()),
                    java.time.Instant.now()).toMillis() / 1000.0) + " so far";
        } catch (java.time.format.DateTimeParseException e) {
            return "";
        }
    }

    private static <T> TableColumn<SweepState.Row, T> column(String name, double width, Function<SweepState.Row, T> v) {
        TableColumn<SweepState.Row, T> c = new TableColumn<>(name);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(v.apply(f.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private static String describe(SweepsViewModel.Reading r) {
        if (r == null) {
            return "";
        }
        SweepState s = r.state();
        String kind = s.info().kind().equals(SweepEntry.TRIAL) ? "learning-rate sweep" : "multi-seed run";
        return String.format(Locale.ROOT, "%s \"%s\" in %s; launcher %s%s", kind, s.info().name(), s.dir(),
                s.info().cluster().launcher(), s.summaryWritten() ? "; summary written" : "");
    }

    /** Redraws the trials chart when the complete trials changed (not at every reading: the chart would flicker). */
    private void showTrials(SweepsViewModel.Reading r) {
        List<ParameterSweep.Trial> trials = r == null ? List.of() : r.trials();
        if (!trials.equals(charted) && !trials.isEmpty()) {
            chart.setChart(inPanel(SweepFigure.chart(trials, r.state().info().maintainFloor())), "sweep");
        }
        charted = trials;
    }

    /** The figure as the panel shows it: the card says what it is; the legend at the side leaves the plot its height. */
    private static JFreeChart inPanel(JFreeChart c) {
        c.setTitle((String) null);
        c.getLegend().setPosition(RectangleEdge.RIGHT);
        return c;
    }

    private static Button button(String text, String tip, Runnable action) {
        Button b = new Button(text);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        return b;
    }

    // ---- actions ----

    /** Opens a sweep folder (File menu, buttons; tests call it with a path). */
    public java.util.concurrent.CompletableFuture<SweepsViewModel.Reading> open(Path dir) {
        ctx.navigate().accept(title());
        return vm.open(dir);
    }

    private void chooseFolder() {
        File dir = FileChoosers.folders("Open sweep folder", vm.folder().get() != null ? vm.folder().get().getParent()
                : ctx.session().workspaceFolder.get()).showDialog(ctx.owner().get());
        if (dir != null) {
            open(dir.toPath());
        }
    }

    private void launch() {
        new LaunchSweepDialog(ctx.owner().get(), vm.slurmAvailable().getAsBoolean(), ctx.session().workspaceFolder.get())
                .showAndWait().ifPresent(r -> {
                    ctx.navigate().accept(title());
                    vm.launch(r);
                });
    }

    private void cancel() {
        Alert ask = new Alert(Alert.AlertType.CONFIRMATION, "Stop every queued and running run of "
                + vm.folder().get().getFileName() + "? Runs that completed stay; Resume runs the others again.",
                ButtonType.CANCEL, ButtonType.OK);
        ask.setHeaderText("Cancel the sweep's runs");
        if (ctx.owner().get() != null) {
            ask.initOwner(ctx.owner().get());
        }
        if (ask.showAndWait().filter(b -> b == ButtonType.OK).isPresent()) {
            vm.cancel();
        }
    }

    /** A refusal (not a sweep folder, a launch that cannot start) as a dialog with its one line. */
    private void refuse(String line) {
        Alert a = new Alert(Alert.AlertType.WARNING, line, ButtonType.OK);
        a.setHeaderText("Cannot do that");
        a.getDialogPane().setMinHeight(Region.USE_PREF_SIZE);
        if (ctx.owner().get() != null) {
            a.initOwner(ctx.owner().get());
        }
        a.show(); // not showAndWait: a refusal arrives from background work, between pulses
    }
}
