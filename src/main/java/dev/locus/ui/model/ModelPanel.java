package dev.locus.ui.model;

import dev.locus.export.MethodStyle;
import dev.locus.ui.controls.ChartPane;
import dev.locus.ui.controls.FileChoosers;
import dev.locus.ui.controls.Menus;
import dev.locus.ui.controls.Spinners;
import dev.locus.ui.controls.Theme;
import dev.locus.ui.controls.Widgets;
import dev.locus.ui.session.ViewPanel;
import dev.locus.ui.session.WorkbenchContext;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.labels.StandardCategoryToolTipGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The Model panel: the loaded model's summary; other Hugging Face model folders by menu, drag and drop or the recent
 * list; and a prompt playground (its tokens, and the next tokens the model expects, as a bar chart).
 */
public final class ModelPanel extends ViewPanel<ModelViewModel> {
    private final Menu recentMenu = new Menu("Open recent");
    private ChartPane chart;

    public ModelPanel(WorkbenchContext context) {
        super(context, new ModelViewModel(context, RecentModels.standard()));
        vm.recent().addListener((javafx.collections.ListChangeListener<Path>) c -> fillRecentMenu());
        fillRecentMenu();
    }


    @Override
    public String title() {
        return "Model";
    }

    @Override
    public String purpose() {
        return "The loaded model: its architecture and sizes, other model folders, and a prompt playground";
    }


    /** Opens the bundled model, then (Data panel) the bundled data: both queue on the model thread, in order. */
    @Override
    public void started() {
        vm.openBundled();
    }

    @Override
    public List<MenuItem> fileMenu() {
        recentMenu.setUserData("Model folders opened lately");
        return Menus.items(
                Menus.item("Open model...", "Open a Hugging Face model folder (config.json, safetensors, tokenizer.json)",
                        new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), this::chooseFolder),
                recentMenu,
                Menus.item("Open the bundled Sports World model", "Back to the demo model Locus ships with", null,
                        vm::openBundled),
                new SeparatorMenuItem());
    }

    @Override
    public List<MenuItem> runMenu() {
        return Menus.items(Menus.item("Run the playground prompt",
                "The next tokens the model expects after the Model panel's prompt",
                new KeyCodeCombination(KeyCode.G, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                () -> vm.playground().run()));
    }

    private void chooseFolder() {
        Path current = ctx.session().modelFolder.get();
        DirectoryChooser chooser = FileChoosers.folders("Open a Hugging Face model folder",
                current == null ? null : current.toAbsolutePath().getParent());
        File folder = chooser.showDialog(ctx.owner().get());
        if (folder != null) {
            vm.open(folder.toPath());
        }
    }

    private void fillRecentMenu() {
        recentMenu.getItems().clear();
        for (Path p : vm.recent()) {
            MenuItem item = new MenuItem(p.getFileName() + "  (" + p + ")");
            item.setMnemonicParsing(false);
            item.setDisable(!RecentModels.available(p));
            item.setOnAction(e -> vm.open(p));
            recentMenu.getItems().add(item);
        }
        if (recentMenu.getItems().isEmpty()) {
            MenuItem none = new MenuItem("No recent models");
            none.setDisable(true);
            recentMenu.getItems().add(none);
        }
    }

    // ---- the view

    @Override
    protected Node build() {
        VBox root = Widgets.panel("Model",
                "The loaded model. Open another Hugging Face folder with File > Open model (Ctrl+O), from the recent "
                        + "list, or by dropping it here.");
        Node open = openCard();
        // Presenting, the model is open already: its summary, wider for the larger text, and the playground.
        Widgets.showWhen(ctx.session().presentation.not(), open);
        VBox left = new VBox(14, summaryCard(), open);
        left.setPrefWidth(390);
        left.setMinWidth(340);
        left.setMaxWidth(420);
        Widgets.follow(ctx.session().presentation, now -> {
            left.setPrefWidth(now ? 500 : 390);
            left.setMaxWidth(now ? 540 : 420);
        });
        VBox right = playgroundCard();
        HBox.setHgrow(right, Priority.ALWAYS);
        HBox columns = new HBox(16, left, right);
        VBox.setVgrow(columns, Priority.ALWAYS);
        root.getChildren().add(columns);
        dropTarget(root);
        ScrollPane scroll = new ScrollPane(root);
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true);
        return scroll;
    }

    private Node summaryCard() {
        GridPane grid = new GridPane();
        grid.setHgap(14);
        grid.setVgap(5);
        Label folder = new Label();
        folder.getStyleClass().addAll("mono", "hint");
        folder.setWrapText(true);
        Runnable fill = () -> {
            grid.getChildren().clear();
            ModelSummary s = vm.summary().get();
            if (s == null) {
                grid.add(Widgets.hint(vm.loading().get() ? "Loading..." : "No model loaded."), 0, 0);
                folder.setText("");
                return;
            }
            int row = 0;
            for (Map.Entry<String, String> e : s.rows().entrySet()) {
                Label k = new Label(e.getKey());
                k.getStyleClass().add("summary-key");
                Label v = new Label(e.getValue());
                v.getStyleClass().add("summary-value");
                grid.add(k, 0, row);
                grid.add(v, 1, row);
                row++;
            }
            folder.setText(s.folder() == null ? "(in memory)" : s.folder().toAbsolutePath().normalize().toString());
        };
        vm.summary().addListener((obs, old, s) -> fill.run());
        vm.loading().addListener((obs, old, l) -> fill.run());
        fill.run();
        installTip(folder, "The folder the model was read from (never written to)");
        Widgets.showWhen(ctx.session().presentation.not(), folder);
        return Widgets.card("Summary", grid, folder);
    }

    private Node openCard() {
        Button open = Widgets.tip(new Button("Open model folder..."),
                "A Hugging Face folder with config.json, safetensors weights and tokenizer.json (Ctrl+O)");
        open.getStyleClass().add("primary");
        open.setOnAction(e -> chooseFolder());
        Button bundled = Widgets.tip(new Button("Sports World"), "Open the bundled demo model again");
        bundled.setOnAction(e -> vm.openBundled());
        HBox buttons = new HBox(8, open, bundled);
        buttons.setAlignment(Pos.CENTER_LEFT);

        ListView<Path> list = new ListView<>(vm.recent());
        list.setPrefHeight(120);
        list.setPlaceholder(Widgets.hint("Folders you open appear here."));
        Widgets.tip(list, "Recent model folders: double-click or Enter to open; right-click to remove. "
                + "Greyed out: the folder is gone.");
        list.setCellFactory(v -> new RecentCell());
        list.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                openSelected(list);
            }
        });
        list.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                openSelected(list);
            }
        });
        MenuItem remove = new MenuItem("Remove from list");
        remove.setOnAction(e -> {
            Path p = list.getSelectionModel().getSelectedItem();
            if (p != null) {
                vm.forget(p);
            }
        });
        list.setContextMenu(new ContextMenu(remove));

        Label error = new Label();
        error.getStyleClass().add("bad");
        error.setWrapText(true);
        error.textProperty().bind(vm.error());
        error.visibleProperty().bind(vm.error().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        Label loading = Widgets.hint("Opening...");
        loading.visibleProperty().bind(vm.loading());
        loading.managedProperty().bind(loading.visibleProperty());
        return Widgets.card("Open a model", buttons, DeviceChoice.build(ctx),
                Widgets.hint("Or drop a model folder anywhere on this panel."), loading, error,
                sub("Recent"), list);
    }

    private void openSelected(ListView<Path> list) {
        Path p = list.getSelectionModel().getSelectedItem();
        if (p != null && RecentModels.available(p)) {
            vm.open(p);
        }
    }

    private VBox playgroundCard() {
        PlaygroundViewModel pg = vm.playground();
        TextArea prompt = new TextArea();
        prompt.textProperty().bindBidirectional(pg.prompt());
        prompt.setPrefRowCount(3);
        prompt.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // its rows whole, with the larger text too
        prompt.setWrapText(true);
        prompt.getStyleClass().add("mono");
        Widgets.tip(prompt, "The text the model continues. Enter runs it; Shift+Enter starts a new line.");
        prompt.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER && !e.isShiftDown()) {
                e.consume();
                pg.run();
            } else if (e.getCode() == KeyCode.ENTER) {
                e.consume();
                prompt.insertText(prompt.getCaretPosition(), "\n");
            }
        });
        Spinner<Integer> k = Spinners.bound(1, PlaygroundViewModel.MAX_K, pg.k(),
                "How many of the most likely next tokens to list");
        k.setPrefWidth(80);
        Button run = Widgets.tip(new Button("Run"), "Tokenize the prompt and compute the next-token probabilities "
                + "on the model thread (Enter, or Ctrl+Shift+G)");
        run.getStyleClass().add("primary");
        run.setOnAction(e -> pg.run());
        run.disableProperty().bind(pg.running().or(ctx.session().model.isNull()));
        Label expected = new Label();
        expected.getStyleClass().add("expected-answer");
        expected.textProperty().bind(javafx.beans.binding.Bindings.when(pg.expected().isEmpty()).then("")
                .otherwise(javafx.beans.binding.Bindings.concat("The dataset's answer: ", pg.expected())));
        HBox controls = new HBox(10, run, new Label("Top k"), k, Widgets.grow(), expected);
        controls.setAlignment(Pos.CENTER_LEFT);

        FlowPane tokens = new FlowPane(4, 4);
        Label tokensTitle = sub("Tokens");
        chart = new ChartPane(ctx, topChart(null), "next-token-probabilities");
        chart.setPrefHeight(300);
        VBox.setVgrow(chart, Priority.ALWAYS);
        pg.result().addListener((obs, old, r) -> show(r, tokens, tokensTitle));
        show(pg.result().get(), tokens, tokensTitle);

        VBox card = Widgets.card("Prompt playground", prompt, controls, tokensTitle, tokens, sub("Next token"), chart);
        card.setMinWidth(420);
        return card;
    }

    private void show(PlaygroundViewModel.Result r, FlowPane tokens, Label tokensTitle) {
        tokens.getChildren().clear();
        if (r == null) {
            tokensTitle.setText("Tokens");
            tokens.getChildren().add(Widgets.hint("Run the prompt to see its tokens and the model's next token."));
            chart.setChart(topChart(null), "next-token-probabilities");
            return;
        }
        tokensTitle.setText("Tokens (" + r.tokens().size() + ")");
        for (PlaygroundViewModel.Token t : r.tokens()) {
            Label text = new Label(visible(t.text()));
            text.getStyleClass().add("token-text");
            Label id = new Label(Integer.toString(t.id()));
            id.getStyleClass().add("token-id");
            VBox chip = new VBox(text, id);
            chip.getStyleClass().add("token-chip");
            installTip(chip, "token id " + t.id() + ": \"" + t.text() + "\"");
            tokens.getChildren().add(chip);
        }
        chart.setChart(topChart(r), "next-token-probabilities");
    }

    /** Whitespace made visible, so that " football" and "football" differ on screen. */
    static String visible(String token) {
        return token.replace("\n", "\u21B5").replace(" ", "\u00B7");
    }

    /** The top-k next tokens as horizontal bars, most likely on top, with the probability printed on each. */
    private static JFreeChart topChart(PlaygroundViewModel.Result r) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        if (r != null) {
            for (PlaygroundViewModel.Prediction p : r.top()) {
                data.addValue(p.probability(), "probability", p.rank() + ". " + visible(p.text()) + "  [" + p.id() + "]");
            }
        }
        JFreeChart chart = ChartFactory.createBarChart(null, null, "Probability of the next token", data,
                PlotOrientation.HORIZONTAL, false, true, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setNoDataMessage("Run a prompt");
        NumberAxis axis = (NumberAxis) plot.getRangeAxis();
        // Room right of a bar at 1 for its label; ticks stop at 1.
        axis.setRange(0, 1.16);
        plot.setRangeAxisLocation(org.jfree.chart.axis.AxisLocation.BOTTOM_OR_RIGHT);
        axis.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(0.2));
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        // The unedited model's color: these are its own predictions.
        renderer.setSeriesPaint(0, MethodStyle.color(MethodStyle.NONE));
        renderer.setMaximumBarWidth(0.08);
        renderer.setItemMargin(0.0);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator() {
            @Override
            public String generateLabel(org.jfree.data.category.CategoryDataset d, int row, int column) {
                return probability(d.getValue(row, column).doubleValue());
            }
        });
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultToolTipGenerator(new StandardCategoryToolTipGenerator("{1}: {2}",
                new java.text.DecimalFormat("0.0000")));
        Theme.chart(chart);
        renderer.setDefaultItemLabelFont(dev.locus.export.FigureTheme.TICK_LABEL_FONT);
        return chart;
    }

    /** "0.997", or "3.2e-05" for the small ones that would all read 0.000. */
    static String probability(double p) {
        return p >= 0.001 || p == 0 ? String.format(java.util.Locale.ROOT, "%.3f", p)
                : String.format(java.util.Locale.ROOT, "%.1e", p);
    }

    private static Label sub(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("summary-key");
        return l;
    }

    private static void installTip(Node node, String text) {
        javafx.scene.control.Tooltip.install(node, new javafx.scene.control.Tooltip(text));
    }

    /** Drop a model folder (or a file in one) on the panel to open it; the panel is outlined while it may be dropped. */
    private void dropTarget(VBox root) {
        root.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles() && ModelViewModel.droppedFolder(e.getDragboard().getFiles()).isPresent()) {
                e.acceptTransferModes(TransferMode.COPY, TransferMode.LINK);
            }
            e.consume();
        });
        root.setOnDragEntered(e -> {
            if (e.getDragboard().hasFiles()) {
                root.getStyleClass().add("drop-target");
            }
        });
        root.setOnDragExited(e -> root.getStyleClass().remove("drop-target"));
        root.setOnDragDropped(e -> {
            var folder = e.getDragboard().hasFiles() ? ModelViewModel.droppedFolder(e.getDragboard().getFiles())
                    : java.util.Optional.<Path>empty();
            folder.ifPresent(vm::open);
            e.setDropCompleted(folder.isPresent());
            root.getStyleClass().remove("drop-target");
            e.consume();
        });
    }

    /** A recent folder: its name, its path below, greyed out when the folder is gone. */
    private static final class RecentCell extends ListCell<Path> {
        @Override
        protected void updateItem(Path p, boolean empty) {
            super.updateItem(p, empty);
            getStyleClass().remove("recent-missing");
            if (empty || p == null) {
                setText(null);
                setTooltip(null);
                return;
            }
            boolean there = RecentModels.available(p);
            setText(p.getFileName() + (there ? "" : "  (missing)"));
            setTooltip(new javafx.scene.control.Tooltip(p.toString()));
            if (!there) {
                getStyleClass().add("recent-missing");
            }
        }
    }
}
