package dev.locus.ui.edit;

import dev.locus.export.MethodStyle;
import dev.locus.ui.controls.ChartPane;
import dev.locus.ui.controls.Menus;
import dev.locus.ui.controls.Theme;
import dev.locus.ui.controls.Widgets;
import dev.locus.ui.runs.LossCurves;
import dev.locus.ui.runs.RunStatus;
import dev.locus.ui.session.ViewPanel;
import dev.locus.ui.session.WorkbenchContext;
import java.awt.BasicStroke;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.controlsfx.control.CheckComboBox;
import org.controlsfx.control.PropertySheet;
import org.controlsfx.control.SegmentedButton;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.labels.StandardXYToolTipGenerator;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;

/**
 * Edit: the objective, the hyperparameters, which selections to edit, and the runs as they happen (live loss curves
 * and the queue). The work is the {@link EditViewModel}'s; this builds the nodes over it.
 */
public final class EditPanel extends ViewPanel<EditViewModel> {
    static final KeyCombination RUN_KEY = new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN);


    public EditPanel(WorkbenchContext context) {
        super(context, new EditViewModel(context));
    }


    @Override
    public String title() {
        return "Edit";
    }

    @Override
    public String purpose() {
        return "Edit or unlearn on the selection, one method or a queue";
    }


    @Override
    public List<MenuItem> runMenu() {
        return Menus.items(
                Menus.item("Run edits", "Edit each chosen selection, one job after another", RUN_KEY, vm::run));
    }

    @Override
    protected Node build() {

        // What one watches during a run on the left: the job list, pinned on the right while jobs run, covers the
        // right of the panel, where the settings (not needed until the next run) sit.
        Node settings = settingsCard();
        // Presenting, the room watches the run: the settings (set before) give their width to the curves.
        Widgets.showWhen(ctx.session().presentation.not(), settings);
        HBox body = new HBox(12, runsColumn(), settings);
        VBox.setVgrow(body, Priority.ALWAYS);
        VBox root = Widgets.panel("Edit",
                "Train a copy of the model on the selected components only, then measure it before,"
                + " during and after. The loaded model is never changed.");
        root.getChildren().addAll(whatToRunCard(), body);
        return root;
    }

    private Node whatToRunCard() {
        ToggleButton unlearn = new ToggleButton("Unlearn");
        unlearn.setUserData("unlearn");
        unlearn.setTooltip(new Tooltip("Push down the true answers of the forget set; no targets"));
        ToggleButton edit = new ToggleButton("Edit to targets");
        edit.setUserData("edit");
        edit.setTooltip(new Tooltip("Train the forget set toward its edit targets (chosen in the Data panel)"));
        SegmentedButton objective = new SegmentedButton(unlearn, edit);
        objective.getToggleGroup().selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null) {
                old.setSelected(true); // one objective is always chosen
            } else {
                vm.value(EditViewModel.OBJECTIVE).set(now.getUserData());
            }
        });
        Runnable showObjective = () -> (
                "unlearn".equals(vm.value(EditViewModel.OBJECTIVE).get()) ? unlearn : edit).setSelected(true);
        vm.value(EditViewModel.OBJECTIVE).addListener((obs, old, now) -> showObjective.run());
        showObjective.run();
        Label objectiveHint = hint();
        objectiveHint.textProperty().bind(vm.objectiveHint());
        Widgets.showWhen(ctx.session().presentation.not(), objectiveHint);
        VBox objectiveBox = new VBox(6, Widgets.cardTitle("Objective"), objective, objectiveHint);
        objectiveBox.setPrefWidth(360);
        objectiveBox.setMinWidth(260);

        CheckComboBox<String> methods = new CheckComboBox<>(vm.methods());
        methods.setTitle(null);
        methods.setShowCheckedCount(false);
        methods.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(String name) {
                return name == null ? "" : MethodStyle.isKnown(name) ? name + "  (" + MethodStyle.displayName(name) + ")" : name;
            }

            @Override
            public String fromString(String s) {
                return s;
            }
        });
        methods.setTooltip(new Tooltip("The selections to edit: each one is its own run, queued one after another"));
        methods.setMaxWidth(Double.MAX_VALUE);
        bindChecks(methods);
        Label chosen = hint();
        chosen.textProperty().bind(vm.chosenSummary());
        Label estimate = hint();
        estimate.setId("edit-estimate");
        estimate.setMinHeight(Region.USE_PREF_SIZE); // wrapped whole, never cut
        Widgets.showWhen(ctx.session().presentation.not(), estimate); // presenting, the room watches the run
        estimate.textProperty().bind(vm.estimate());
        javafx.scene.control.Tooltip whole = new javafx.scene.control.Tooltip();   // the card may clip the line
        whole.textProperty().bind(vm.estimate());
        estimate.setTooltip(whole);
        VBox methodsBox = new VBox(6, Widgets.cardTitle("Selections to edit"), methods, chosen, estimate);
        HBox.setHgrow(methodsBox, Priority.ALWAYS);

        Button run = new Button("Run");
        run.getStyleClass().add("primary");
        run.setDefaultButton(false);
        run.setMaxWidth(Double.MAX_VALUE);
        run.disableProperty().bind(vm.canRun().not());
        run.setOnAction(e -> vm.run());
        // A disabled button shows no tooltip, so the box around it carries the reason.
        StackPane runBox = new StackPane(run);
        Tooltip runTip = new Tooltip();
        runTip.textProperty().bind(Bindings.when(vm.canRun())
                .then("Queue one edit per chosen selection (Ctrl+Enter)").otherwise(vm.missing()));
        run.setTooltip(runTip);
        Tooltip.install(runBox, runTip);
        Button cancel = new Button("Cancel all");
        cancel.setMaxWidth(Double.MAX_VALUE);
        cancel.setTooltip(new Tooltip("Stop the waiting and running edits; finished ones keep their folders"));
        cancel.setOnAction(e -> vm.cancelAll());
        Button paper = new Button("Paper comparison");
        paper.setMaxWidth(Double.MAX_VALUE);
        paper.setTooltip(new Tooltip("Run the paper's comparison of all nine methods on Sports World, about 12 minutes"
                + " on two cores (Ctrl+Shift+P); Results fill in when it ends"));
        paper.setOnAction(e -> PaperComparison.start(ctx));
        VBox buttons = new VBox(6, runBox, cancel, paper);
        buttons.setMinWidth(170);
        buttons.setPrefWidth(170);
        Widgets.follow(ctx.session().presentation, now -> {
            buttons.setPrefWidth(now ? Region.USE_COMPUTED_SIZE : 170); // the larger text's labels in full
            buttons.setMinWidth(now ? Region.USE_PREF_SIZE : 170);
        });
        Label missing = new Label();
        missing.getStyleClass().add("warn");
        missing.setWrapText(true);
        missing.textProperty().bind(vm.missing());
        missing.visibleProperty().bind(vm.canRun().not());
        missing.managedProperty().bind(missing.visibleProperty());

        HBox row = new HBox(18, objectiveBox, methodsBox, buttons);
        VBox card = new VBox(8, row, missing);
        card.getStyleClass().add("card");
        return card;
    }

    /** Keeps the combo's checks and the view model's chosen selections the same, both ways. */
    private void bindChecks(CheckComboBox<String> combo) {
        boolean[] busy = {false};
        Runnable fromModel = () -> {
            if (busy[0]) {
                return;
            }
            busy[0] = true;
            try {
                combo.getCheckModel().clearChecks();
                vm.checked().forEach(combo.getCheckModel()::check);
            } finally {
                busy[0] = false;
            }
        };
        vm.checked().addListener((ListChangeListener<String>) c -> fromModel.run());
        vm.methods().addListener((ListChangeListener<String>) c -> fromModel.run());
        combo.getCheckModel().getCheckedItems().addListener((ListChangeListener<String>) c -> {
            if (busy[0]) {
                return;
            }
            busy[0] = true;
            try {
                // In the order of the list, so the queue runs as the list reads.
                vm.checked().setAll(vm.methods().filtered(combo.getCheckModel().getCheckedItems()::contains));
            } finally {
                busy[0] = false;
            }
        });
        fromModel.run();
    }

    private Node settingsCard() {
        PropertySheet sheet = EditSettingsSheet.of(vm);
        VBox.setVgrow(sheet, Priority.ALWAYS);
        Label problem = new Label();
        problem.getStyleClass().add("bad");
        problem.setWrapText(true);
        problem.textProperty().bind(vm.problem());
        problem.visibleProperty().bind(vm.problem().isEmpty().not());
        problem.managedProperty().bind(problem.visibleProperty());
        Label note = hint();
        note.setText("Press Enter or leave a field to apply it. Every run writes these settings to its config.json.");
        VBox card = new VBox(8, Widgets.cardTitle("Hyperparameters"), sheet, problem, note);
        card.getStyleClass().add("card");
        card.setPrefWidth(340);
        card.setMinWidth(300);
        return card;
    }

    private Node runsColumn() {
        VBox column = new VBox(12, lossCard(), queueCard());
        HBox.setHgrow(column, Priority.ALWAYS);
        return column;
    }

    private Node lossCard() {
        LossCurves curves = vm.live().curves();
        JFreeChart chart = ChartFactory.createXYLineChart(null, "Training step", "Forget loss", curves.dataset(),
                PlotOrientation.VERTICAL, true, true, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setLegendItemLabelGenerator((data, series) -> MethodStyle.displayName((String) data.getSeriesKey(series)));
        renderer.setDefaultToolTipGenerator(new StandardXYToolTipGenerator("{0}: step {1}, loss {2}",
                new java.text.DecimalFormat("0"), new java.text.DecimalFormat("0.0000")));
        plot.setRenderer(renderer);
        Theme.chart(chart);
        ((org.jfree.chart.axis.NumberAxis) plot.getDomainAxis()).setStandardTickUnits(
                org.jfree.chart.axis.NumberAxis.createIntegerTickUnits());
        ChartPane pane = new ChartPane(ctx, chart, "edit-loss");
        Label empty = hint();
        empty.setText("The forget loss of each edit appears here, step by step, while it trains.");
        empty.setMouseTransparent(true);
        curves.version().addListener((obs, old, now) -> {
            // Series come and go with the runs: give each its method's color as it appears.
            for (int i = 0; i < curves.dataset().getSeriesCount(); i++) {
                String method = (String) curves.dataset().getSeriesKey(i);
                renderer.setSeriesPaint(i, MethodStyle.color(method), false);
                renderer.setSeriesStroke(i, new BasicStroke(2f), false);
            }
            empty.setVisible(curves.dataset().getSeriesCount() == 0);
        });
        StackPane chartBox = new StackPane(pane, empty);
        VBox.setVgrow(chartBox, Priority.ALWAYS);
        VBox card = new VBox(8, Widgets.cardTitle("Live loss"), chartBox);
        card.getStyleClass().add("card");
        VBox.setVgrow(card, Priority.ALWAYS);
        return card;
    }

    private Node queueCard() {
        TableView<RunStatus> table = new TableView<>(vm.live().queue());
        table.setPlaceholder(new Label("Runs you start appear here: one row per selection, in the order they run."));
        table.setTooltip(new Tooltip("Each run's state, seconds so far and stage; cancel one from the job list on the right"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<RunStatus, String> name = new TableColumn<>("Run");
        name.setCellValueFactory(c -> new javafx.beans.property.SimpleStringProperty(c.getValue().name()));
        name.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setText(null);
                    setGraphic(null);
                } else {
                    setText(item);
                    setGraphic(Widgets.methodSwatch(item, false));
                }
            }
        });
        name.setPrefWidth(150);
        name.setMaxWidth(220);
        TableColumn<RunStatus, RunStatus.State> state = new TableColumn<>("Status");
        state.setCellValueFactory(c -> c.getValue().state());
        state.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(RunStatus.State item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll("good", "warn", "bad");
                setText(empty || item == null ? null : item.toString());
                if (!empty && item != null) {
                    switch (item) {
                        case FINISHED -> getStyleClass().add("good");
                        case CANCELLED -> getStyleClass().add("warn");
                        case FAILED -> getStyleClass().add("bad");
                        default -> { }
                    }
                }
            }
        });
        state.setPrefWidth(90);
        state.setMaxWidth(110);
        TableColumn<RunStatus, String> seconds = new TableColumn<>("Seconds");
        seconds.setCellValueFactory(c -> Bindings.createStringBinding(() -> c.getValue().state().get() == RunStatus.State.QUEUED
                ? "" : String.format(Locale.ROOT, "%.0f", c.getValue().seconds().get()), c.getValue().seconds(), c.getValue().state()));
        seconds.setStyle("-fx-alignment: center-right;");
        seconds.setPrefWidth(75);
        seconds.setMaxWidth(90);
        name.setMinWidth(110);
        state.setMinWidth(80);
        seconds.setMinWidth(64);
        TableColumn<RunStatus, String> detail = new TableColumn<>("Now");
        detail.setPrefWidth(320);
        detail.setCellValueFactory(c -> c.getValue().detail());
        seconds.visibleProperty().bind(ctx.session().presentation.not());
        table.getColumns().setAll(List.of(name, state, seconds, detail));
        table.setPrefHeight(160);
        table.setMinHeight(120);
        VBox card = new VBox(8, Widgets.cardTitle("Queue"), table);
        card.getStyleClass().add("card");
        return card;
    }


    private static Label hint() {
        Label l = new Label();
        l.getStyleClass().add("hint");
        l.setWrapText(true);
        return l;
    }
}
