package dev.locus.ui.results;

import dev.locus.experiment.ResultsTable;
import dev.locus.ui.controls.ChartPane;
import dev.locus.ui.controls.FileChoosers;
import dev.locus.ui.controls.Menus;
import dev.locus.ui.controls.Widgets;
import dev.locus.ui.session.ViewPanel;
import dev.locus.ui.session.WorkbenchContext;
import dev.locus.ui.workspace.WorkspaceActions;
import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.jfree.chart.JFreeChart;

/**
 * The Results panel: the charts of a run (before/after bars in a chosen format, radar, relearning curves, probe
 * curves), its headline table, and a second run to compare with; plus the File menu's run and workspace items.
 */
public final class ResultsPanel extends ViewPanel<ResultsViewModel> {
    /** The "no second run" entry of the compare chooser. */
    private static final ResultsViewModel.RunChoice NONE = new ResultsViewModel.RunChoice(Path.of(""), "(none)", List.of());

    private final WorkspaceActions workspace;
    private final Map<String, ChartPane> charts = new LinkedHashMap<>();
    private ResultsLayout layout;

    public ResultsPanel(WorkbenchContext context) {
        super(context, new ResultsViewModel(context));
        this.workspace = new WorkspaceActions(context);
    }

    @Override
    public void started() {
        workspace.startAutosave();
        vm.warmUp();
    }

    @Override
    public String title() {
        return "Results";
    }

    @Override
    public String purpose() {
        return "Before/after, relearning, probes, radar; compare runs";
    }

    @Override
    public List<MenuItem> fileMenu() {
        List<MenuItem> items = Menus.items(
                Menus.item("Open run folder...", "Add a run folder written by 'locus run' or the Edit panel",
                        new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                        this::openRunFolder),
                Menus.item("Export metrics CSV...", "The shown run's metrics.csv (a batch's runs merged)",
                        new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                        this::exportMetrics),
                Menus.item("Export config...", "The config that reruns the shown run with 'locus run'", null,
                        this::exportConfig),
                Menus.item("Export all figures...", "Every figure of the shown run as PNG, SVG and PDF",
                        new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                        this::exportFigures),
                new SeparatorMenuItem());
        items.addAll(workspace.menuItems());
        items.add(new SeparatorMenuItem());
        return items;
    }

    @Override
    protected Node build() {
        StackPane content = new StackPane(results(), ResultsEmptyState.node(ctx, vm.empty(), this::openRunFolder));
        VBox.setVgrow(content, Priority.ALWAYS);
        VBox root = Widgets.panel("Results",
                "What each edit did: before/after by metric and format, relearning, latent probes,"
                + " and a second run to compare with.");
        root.getChildren().addAll(toolbar(), problemLine(), content);
        // presenting, the charts get the subtitle's lines: the toolbar and the view buttons say what is shown
        root.getChildren().stream().filter(n -> n.getStyleClass().contains("panel-subtitle"))
                .forEach(n -> Widgets.showWhen(ctx.session().presentation.not(), n));
        return root;
    }

    private Node toolbar() {
        ComboBox<ResultsViewModel.RunChoice> run = new ComboBox<>(vm.choices());
        run.valueProperty().bindBidirectional(vm.selected());
        run.setTooltip(new Tooltip("The run shown; runs of one edit queue (one folder) are shown together"));
        // "<queue folder>/<run>" labels: 330 wide beside the compare chooser (below), as wide as the name presenting
        run.setMinWidth(140);
        ObservableList<ResultsViewModel.RunChoice> others = FXCollections.observableArrayList();
        Runnable fill = () -> {
            others.setAll(NONE);
            others.addAll(vm.choices());
        };
        vm.choices().addListener((ListChangeListener<ResultsViewModel.RunChoice>) c -> fill.run());
        fill.run();
        ComboBox<ResultsViewModel.RunChoice> compare = new ComboBox<>(others);
        compare.setValue(NONE);
        compare.setTooltip(new Tooltip("A second run to compare with: charts show both (A solid, B lighter), and a"
                + " table lists the differences"));
        compare.setPrefWidth(240);
        compare.setMinWidth(100);
        compare.valueProperty().addListener((o, a, b) -> vm.compareWith().set(b == null || b == NONE ? null : b));
        vm.compareWith().addListener((o, a, b) -> {
            ResultsViewModel.RunChoice want = b == null ? NONE : b;
            if (compare.getValue() != want) {
                compare.setValue(want);
            }
        });
        ComboBox<String> format = new ComboBox<>(vm.formats());
        // The box shows vm.format, set anew once the formats change (after the combo box's own handling of the new
        // items, which left it blank), and only a chosen format goes back: a combo box bound both ways wrote null into
        // the format when its items were cleared.
        Runnable showFormat = () -> {
            format.setValue(null);
            format.setValue(vm.format().get());
        };
        vm.formats().addListener((ListChangeListener<String>) c -> javafx.application.Platform.runLater(showFormat));
        vm.format().addListener((o, a, b) -> showFormat.run());
        format.valueProperty().addListener((o, a, b) -> {
            if (b != null && !b.equals(vm.format().get())) {
                vm.format().set(b);
            }
        });
        showFormat.run();
        format.setTooltip(new Tooltip("The prompt format of the before/after bars and the relearning curves"));
        format.setMinWidth(Region.USE_PREF_SIZE); // the run choosers shrink, the format's short name stays whole
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(vm.loading());
        busy.setTooltip(new Tooltip("Reading the run folders"));
        Button open = new Button("Open run folder...");
        open.setTooltip(new Tooltip("Add a run folder from disk (Ctrl+Shift+R)"));
        open.setOnAction(e -> openRunFolder());
        Button figures = new Button("Export figures...");
        figures.setTooltip(new Tooltip("Write every figure of this run as PNG, SVG and PDF (Ctrl+Shift+E);"
                + " right-click a chart to export just that one"));
        figures.setOnAction(e -> exportFigures());
        figures.disableProperty().bind(vm.selected().isNull());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        Label comparedWith = new Label("compared with");
        HBox bar = new HBox(8, new Label("Run"), run, comparedWith, compare, new Label("Format"), format,
                busy, grow, open, figures);
        // presenting: the run and its format only, the run's name in full
        Widgets.showWhen(ctx.session().presentation.not(), comparedWith, compare, open, figures);
        run.prefWidthProperty().bind(Bindings.when(ctx.session().presentation).then(Region.USE_COMPUTED_SIZE)
                .otherwise(330));
        for (Node n : List.of(run, compare, format)) {
            n.disableProperty().bind(vm.empty());
        }
        for (Node n : bar.getChildren()) {
            if (n instanceof Label || n instanceof Button) {
                ((Region) n).setMinWidth(Region.USE_PREF_SIZE); // the run choosers shrink first, words never
            }
        }
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private Node problemLine() {
        Label problem = new Label();
        problem.getStyleClass().add("bad");
        problem.setWrapText(true);
        problem.textProperty().bind(vm.problem());
        problem.managedProperty().bind(vm.problem().isNotEmpty());
        problem.visibleProperty().bind(vm.problem().isNotEmpty());
        return problem;
    }

    private Node results() {
        Label summary = new Label();
        summary.getStyleClass().add("hint");
        summary.setWrapText(true);
        summary.setMinHeight(Region.USE_PREF_SIZE);
        SoftPromptCard softPrompt = new SoftPromptCard(ctx);
        VBox tableCard = Widgets.card("Headline numbers after the edit (mean over seeds; ↓ lower is better, ↑ higher is)",
                table());
        tableCard.setId("results-numbers");
        VBox compareCard = Widgets.card("Compared runs: B − A (green where B is better)", comparisonTable());
        compareCard.visibleProperty().bind(Bindings.isNotEmpty(vm.comparison()));
        compareCard.managedProperty().bind(compareCard.visibleProperty());
        WaitingForResults waiting = new WaitingForResults(ctx.session().liveRuns);
        layout = new ResultsLayout(ctx.session().presentation, summary, softPrompt.node(), tableCard, compareCard,
                waiting.node());
        vm.shown().addListener((o, a, s) -> {
            summary.setText(s == null ? "" : s.summary());
            softPrompt.show(s == null ? List.of() : s.metrics());
            // nothing to chart until a method has results after its edit: a note, not empty axes
            boolean nothing = s == null || s.formats().isEmpty();
            waiting.show(vm.selected().get(), s == null ? List.of() : s.planned(), s == null ? List.of() : s.methods());
            layout.nothingYet(nothing);
            if (s != null) {
                showCharts(s);
            }
        });
        layout.node().visibleProperty().bind(vm.empty().not());
        return layout.node();
    }

    /** Puts each chart in its pane (made the first time, named chart-<key> for the tour and the tests). */
    private void showCharts(ResultsViewModel.Shown s) {
        for (String key : ResultsViewModel.CHARTS) {
            JFreeChart chart = s.charts().get(key);
            String name = key.equals("bars") ? "bars-" + s.format() : key;
            ChartPane pane = charts.get(key);
            if (pane == null) {
                pane = new ChartPane(ctx, chart, name);
                pane.setId("chart-" + key);
                pane.setPrefHeight(400);
                pane.setMinHeight(320);
                charts.put(key, pane);
                layout.addChart(key, pane);
            } else {
                pane.setChart(chart, name);
            }
        }
    }

    /**
     * Brings a part of the results into view: a chart key of {@link ResultsViewModel#CHARTS}, "soft-prompt",
     * "numbers" or "summary". In presentation mode it becomes the one shown; in the window the page scrolls to it.
     */
    public void reveal(String part) {
        layout.choose(part);
    }

    private TableView<ResultsViewModel.TableRow> table() {
        TableView<ResultsViewModel.TableRow> t = new TableView<>(vm.table());
        t.setId("results-table");
        t.setTooltip(new Tooltip("Click a header to sort; values after the edit, averaged over seeds"));
        TableColumn<ResultsViewModel.TableRow, ResultsViewModel.TableRow> method = new TableColumn<>("Method");
        method.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        method.setComparator(java.util.Comparator.comparing(ResultsViewModel.TableRow::name));
        method.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(ResultsViewModel.TableRow row, boolean empty) {
                super.updateItem(row, empty);
                if (empty || row == null) {
                    setText(null);
                    setGraphic(null);
                } else {
                    setText(row.name());
                    setGraphic(Widgets.methodSwatch(row.colorOf(), row.lighter()));
                }
            }
        });
        t.getColumns().add(method);
        for (String col : ResultsTable.COLUMNS) {
            t.getColumns().add(numberColumn(ResultColumns.of(col), r -> r.values().get(col), false, null));
        }
        sizeToRows(t, vm.table());
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        // Presenting, the columns share the width, the table's text is 15 px and its headers 13 px whatever the
        // window's (getting-started.css): eleven columns fit 1280 pixels so, not at a projector's 18 px and more.
        ctx.session().presentation.addListener((o, a, b) -> {
            t.getStyleClass().remove("presenting");
            if (b) {
                t.getStyleClass().add("presenting");
            }
        });
        Runnable widths = () -> {
            boolean presenting = ctx.session().presentation.get();
            method.setPrefWidth(presenting ? 250 : 190);
            int n = t.getColumns().size() - 1;
            t.getColumns().subList(1, n + 1).forEach(c -> c.setPrefWidth(presenting
                    ? Math.max(80, Math.floor((t.getWidth() - 250 - 24) / n)) : 80));
        };
        ctx.session().presentation.addListener(o -> widths.run());
        t.widthProperty().addListener(o -> widths.run());
        widths.run();
        return t;
    }

    private TableView<ResultsViewModel.CompareRow> comparisonTable() {
        TableView<ResultsViewModel.CompareRow> t = new TableView<>(vm.comparison());
        t.setTooltip(new Tooltip("The same headline numbers for both runs, and B − A; click a header to sort"));
        TableColumn<ResultsViewModel.CompareRow, ResultsViewModel.CompareRow> method = new TableColumn<>("Method");
        method.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        method.setComparator(java.util.Comparator.comparing(ResultsViewModel.CompareRow::name));
        method.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(ResultsViewModel.CompareRow row, boolean empty) {
                super.updateItem(row, empty);
                setText(empty || row == null ? null : row.name());
                setGraphic(empty || row == null ? null : Widgets.methodSwatch(row.method(), false));
            }
        });
        method.setPrefWidth(230);
        TableColumn<ResultsViewModel.CompareRow, String> metric = new TableColumn<>("Metric");
        metric.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(
                ResultColumns.of(c.getValue().column())[0].replace('\n', ' ')));
        metric.setPrefWidth(160);
        t.getColumns().add(method);
        t.getColumns().add(metric);
        t.getColumns().add(numberColumn(new String[] {"A", "The first run's value"}, ResultsViewModel.CompareRow::a, false, null));
        t.getColumns().add(numberColumn(new String[] {"B", "The second run's value"}, ResultsViewModel.CompareRow::b, false, null));
        t.getColumns().add(numberColumn(new String[] {"B − A", "The difference; green where B is better"},
                ResultsViewModel.CompareRow::difference, true, r -> lowerIsBetter(r.column())));
        sizeToRows(t, vm.comparison());
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        return t;
    }

    /** A sortable column of numbers to 3 decimals ("–" where none); signed ones colored by which way is better. */
    private static <R> TableColumn<R, Double> numberColumn(String[] name, Function<R, Double> value, boolean signed,
            Function<R, Boolean> lowerIsBetter) {
        TableColumn<R, Double> col = new TableColumn<>();
        Label header = new Label(name[0]);
        header.setTooltip(new Tooltip(name[1]));
        // long names come in two lines ("Relearned\nMCQ ↓") rather than cut ("Relearn...")
        header.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
        col.setGraphic(header);
        col.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
        col.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Double v, boolean empty) {
                super.updateItem(v, empty);
                getStyleClass().removeAll("good", "bad");
                if (empty || v == null) {
                    setText(null);
                    return;
                }
                setText(Double.isNaN(v) ? "–" : String.format(Locale.ROOT, signed ? "%+.3f" : "%.3f", v));
                if (signed && !Double.isNaN(v) && Math.abs(v) >= 0.0005 && getTableRow() != null
                        && getTableRow().getItem() != null) {
                    boolean better = lowerIsBetter.apply(getTableRow().getItem()) ? v < 0 : v > 0;
                    getStyleClass().add(better ? "good" : "bad");
                }
            }
        });
        col.setStyle("-fx-alignment: CENTER-RIGHT;");
        col.setPrefWidth(80);
        return col;
    }

    private static boolean lowerIsBetter(String column) {
        return ResultColumns.lowerIsBetter(column);
    }


    /** The table as tall as its rows (the panel scrolls, not the table). */
    private static void sizeToRows(TableView<?> t, ObservableList<?> rows) {
        t.setFixedCellSize(28);
        t.prefHeightProperty().bind(Bindings.size(rows).multiply(28).add(62));
        t.minHeightProperty().bind(t.prefHeightProperty());
        t.setPlaceholder(new Label("No numbers yet: the run has not finished a method"));
    }



    // ---- File menu actions ----

    private void openRunFolder() {
        File dir = FileChoosers.folders("Open run folder", ctx.session().workspaceFolder.get())
                .showDialog(ctx.owner().get());
        if (dir != null) {
            vm.openRunFolder(dir.toPath());
        }
    }

    private boolean haveRun() {
        if (vm.selected().get() == null) {
            ctx.message().accept("No run to export yet: run an edit or open a run folder first");
            return false;
        }
        return true;
    }

    private void exportMetrics() {
        if (haveRun()) {
            File f = saveFile("Export metrics CSV", "metrics.csv", "CSV table", "*.csv");
            if (f != null) {
                vm.exportMetricsCsv(f.toPath());
            }
        }
    }

    private void exportConfig() {
        if (haveRun()) {
            File f = saveFile("Export config", vm.selected().get().key().getFileName() + ".json", "Locus run config",
                    "*.json");
            if (f != null) {
                vm.exportConfig(f.toPath());
            }
        }
    }

    private void exportFigures() {
        if (haveRun()) {
            File dir = FileChoosers.folders("Export all figures into a folder", null).showDialog(ctx.owner().get());
            if (dir != null) {
                vm.exportFigures(dir.toPath());
            }
        }
    }

    private File saveFile(String title, String name, String description, String pattern) {
        FileChooser chooser = FileChoosers.files(title, null, FileChoosers.filter(description, pattern));
        chooser.setInitialFileName(name);
        return chooser.showSaveDialog(ctx.owner().get());
    }
}
