package dev.locus.ui.select;

import dev.locus.core.LocusException;
import dev.locus.localize.select.Selection;
import dev.locus.localize.select.Strategies;
import dev.locus.ui.controls.FileChoosers;
import dev.locus.ui.controls.Menus;
import dev.locus.ui.controls.Spinners;
import dev.locus.ui.controls.Widgets;
import dev.locus.ui.session.ViewPanel;
import dev.locus.ui.session.WorkbenchContext;
import java.io.File;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * Select: the session's selections in a table (choosing one shows it and edits run on it), strategies that make
 * more (FLU, OT, the baselines), a comparison of two selections with a layer grid colored by membership, and mask
 * files.
 */
public final class SelectPanel extends ViewPanel<SelectViewModel> {
    static final KeyCombination SAVE_KEY = new KeyCodeCombination(KeyCode.M, KeyCombination.SHORTCUT_DOWN,
            KeyCombination.SHIFT_DOWN);
    static final KeyCombination LOAD_KEY = new KeyCodeCombination(KeyCode.M, KeyCombination.SHORTCUT_DOWN,
            KeyCombination.ALT_DOWN);
    /** The id of the comparison of two selections (the guided tour points at it). */
    public static final String COMPARISON_ID = "select-comparison";
    static final KeyCombination MAKE_KEY = new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN);

    private final TableView<Selection> table = new TableView<>();
    private final ComboBox<String> strategy = new ComboBox<>();
    private final ComboBox<String> method = new ComboBox<>();
    private final SimpleIntegerProperty from = new SimpleIntegerProperty(0);
    private final SimpleIntegerProperty to = new SimpleIntegerProperty(1);
    private final SimpleIntegerProperty seed = new SimpleIntegerProperty(0);
    private final ComboBox<String> budgetRule = new ComboBox<>();
    private final ComboBox<String> randomUnits = new ComboBox<>();
    private final SimpleIntegerProperty matrixLayer = new SimpleIntegerProperty(0);
    private final ComboBox<String> matrix = new ComboBox<>();
    private final Label error = new Label();
    private final SelectionComparisonView comparison;

    public SelectPanel(WorkbenchContext context) {
        super(context, new SelectViewModel(context));
        this.comparison = new SelectionComparisonView(context, vm);
    }


    @Override
    public String title() {
        return "Select";
    }

    @Override
    public String purpose() {
        return "Pick components by strategy or by hand; compare; masks";
    }

    @Override
    public List<MenuItem> fileMenu() {
        MenuItem save = Menus.item("Save mask...", "Save the shown selection as a JSON or safetensors mask",
                SAVE_KEY, this::saveMask);
        save.disableProperty().bind(ctx.session().selection.isNull());
        MenuItem load = Menus.item("Load mask...", "Load a mask file made for this model", LOAD_KEY, this::loadMask);
        load.disableProperty().bind(ctx.session().model.isNull());
        return Menus.items(save, load);
    }

    @Override
    public void shown() {
        refreshMethods();
    }

    @Override
    protected Node build() {

        VBox left = new VBox(10, selectionsCard());
        HBox.setHgrow(left, Priority.ALWAYS);
        Node matrices = matricesCard();
        Node masks = masksCard();
        // Presenting: making and comparing selections; single matrices and mask files wait for normal mode.
        Widgets.showWhen(ctx.session().presentation.not(), matrices, masks);
        VBox right = new VBox(10, strategyCard(), matrices, comparison.build(), masks);
        ScrollPane rightScroll = new ScrollPane(right);
        rightScroll.setFitToWidth(true);
        rightScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        rightScroll.setPrefWidth(440);
        rightScroll.setMinWidth(380);
        rightScroll.getStyleClass().add("edge-to-edge");
        HBox body = new HBox(12, left, rightScroll);
        VBox.setVgrow(body, Priority.ALWAYS);
        VBox root = Widgets.panel("Select",
                "Which components will the edit train? Choose a selection, make one by strategy, "
                + "or pick cells on the Localize heatmap; compare two; save them as masks.");
        root.getChildren().addAll(body);

        ctx.session().selection.addListener((obs, old, s) -> {
            if (table.getSelectionModel().getSelectedItem() != s) {
                table.getSelectionModel().select(s);
            }
        });
        ctx.session().localizations.addListener((javafx.beans.InvalidationListener) o -> refreshMethods());
        ctx.session().model.addListener((javafx.beans.InvalidationListener) o -> refreshMethods());
        table.getSelectionModel().select(ctx.session().selection.get());
        // Ctrl+Enter makes a selection while the focus is in this panel; elsewhere it stays the menu's (Run edits).
        root.addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (MAKE_KEY.match(e) && !ctx.session().model.isNull().get()) {
                make();
                e.consume();
            }
        });
        return root;
    }

    private Node selectionsCard() {
        Label head = Widgets.cardTitle("Selections");
        table.setItems(vm.selections());
        Label none = new Label("No selections yet: run a localization, make one by strategy, or load a mask");
        none.setWrapText(true);
        table.setPlaceholder(none);
        table.setTooltip(new Tooltip("Click a selection to show it on the heatmaps; edits run on it"));
        TableColumn<Selection, String> name = new TableColumn<>("Name");
        name.setCellValueFactory(c -> new SimpleStringProperty(c.getValue().strategy()));
        name.setPrefWidth(200);
        name.setMinWidth(150);
        TableColumn<Selection, Number> count = new TableColumn<>("Components");
        count.setCellValueFactory(c -> new SimpleIntegerProperty(c.getValue().components().ids().size()));
        count.setPrefWidth(112);
        count.setMinWidth(112);
        TableColumn<Selection, Number> params = new TableColumn<>("Parameters");
        params.setCellValueFactory(c -> new javafx.beans.property.SimpleLongProperty(c.getValue().parameterCount()));
        params.setCellFactory(col -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(Number n, boolean empty) {
                super.updateItem(n, empty);
                setText(empty || n == null ? null : String.format(Locale.ROOT, "%,d", n.longValue()));
                setAlignment(Pos.CENTER_RIGHT);
            }
        });
        params.setPrefWidth(120);
        TableColumn<Selection, String> rule = new TableColumn<>("Rule");
        rule.setCellValueFactory(c -> new SimpleStringProperty(c.getValue().rule()));
        rule.setPrefWidth(420);
        rule.setCellFactory(col -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                // Rules are sentences; the full one shows on hover.
                setTooltip(empty || text == null ? null : new Tooltip(text));
            }
        });
        // Presenting, the rule (a sentence, on hover) gives its width to the numbers' headers.
        rule.visibleProperty().bind(ctx.session().presentation.not());
        Widgets.follow(ctx.session().presentation, now -> count.setMinWidth(now ? 150 : 112));
        table.getColumns().setAll(List.of(name, count, params, rule));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, s) -> {
            if (s != null && s != ctx.session().selection.get()) {
                vm.choose(s);
            }
        });
        VBox.setVgrow(table, Priority.ALWAYS);

        Label shownName = Widgets.cardTitle("");
        Label shownCount = new Label();
        shownCount.getStyleClass().add("metric-value");
        shownCount.setTooltip(new Tooltip("Parameters the edit will train: the shown selection's, each scalar counted once"));
        Label shownComponents = new Label();
        shownComponents.getStyleClass().addAll("mono", "hint");
        shownComponents.setWrapText(true);
        shownComponents.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // every line of it, the table gives way
        shownName.textProperty().bind(Bindings.createStringBinding(() -> {
            Selection s = ctx.session().selection.get();
            return s == null ? "Nothing selected" : "Shown: " + s.strategy();
        }, ctx.session().selection));
        shownCount.textProperty().bind(Bindings.createStringBinding(() -> {
            Selection s = ctx.session().selection.get();
            return s == null ? "" : String.format(Locale.ROOT, "%,d parameters", s.parameterCount());
        }, ctx.session().selection));
        shownComponents.textProperty().bind(Bindings.createStringBinding(() -> {
            Selection s = ctx.session().selection.get();
            return s == null ? "" : String.join(" ", s.components().ids()) + "\n" + s.rule();
        }, ctx.session().selection));
        VBox shown = new VBox(2, shownName, shownCount, shownComponents);
        VBox card = new VBox(8, head, table, shown);
        card.getStyleClass().add("card");
        VBox.setVgrow(card, Priority.ALWAYS);
        return card;
    }

    private Node strategyCard() {
        Label head = Widgets.cardTitle("Make a selection");
        strategy.getItems().setAll(SelectViewModel.STRATEGIES);
        strategy.setValue(SelectViewModel.FLU_AUTO);
        strategy.setMaxWidth(Double.MAX_VALUE);
        strategy.setTooltip(new Tooltip("FLU: the MLPs where the fact becomes readable from the subject alone (probes) "
                + "or layers by hand; OT: a method's top layers spending FLU's parameter count; random: single matrices "
                + "(or layers) spending it at random; random-mlps: as many MLPs as FLU; all-mlps; nonlocalized"));
        method.setMaxWidth(Double.MAX_VALUE);
        method.setTooltip(new Tooltip("The localization whose scores OT ranks (run it in the Localize panel)"));
        Spinner<Integer> fromSpinner = Spinners.bound(0, 1_000_000, from, "First MLP layer of FLU");
        fromSpinner.setPrefWidth(80);
        Spinner<Integer> toSpinner = Spinners.bound(0, 1_000_000, to, "Last MLP layer of FLU (inclusive)");
        toSpinner.setPrefWidth(80);
        Spinner<Integer> seedSpinner = Spinners.bound(0, 1_000_000, seed, "Seed of the random selections");
        seedSpinner.setPrefWidth(80);
        HBox layers = new HBox(6, new Label("MLP layers"), fromSpinner, new Label("to"), toSpinner);
        layers.setAlignment(Pos.CENTER_LEFT);
        HBox methodRow = new HBox(6, new Label("Scores of"), method);
        methodRow.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(method, Priority.ALWAYS);
        HBox seedRow = new HBox(6, new Label("Seed"), seedSpinner);
        seedRow.setAlignment(Pos.CENTER_LEFT);
        Widgets.showWhen(strategy.valueProperty().isEqualTo(SelectViewModel.FLU_LAYERS), layers);
        Widgets.showWhen(strategy.valueProperty().isEqualTo(SelectViewModel.OT).or(strategy.valueProperty()
                .isEqualTo(SelectViewModel.OT_MLPS)), methodRow);
        Widgets.showWhen(strategy.valueProperty().isEqualTo(Strategies.RANDOM).or(strategy.valueProperty()
                .isEqualTo(Strategies.RANDOM_MLPS)), seedRow);
        budgetRule.getItems().setAll(Strategies.BudgetRule.names());
        budgetRule.setValue(Strategies.BudgetRule.PREFIX.text());
        budgetRule.setTooltip(new Tooltip("prefix (the paper's code): the ranked components up to and including the one"
                + " that crosses FLU's parameter count; fit: only those that fit, skipping larger ones"));
        randomUnits.getItems().setAll(Strategies.RandomUnits.names());
        randomUnits.setValue(Strategies.RandomUnits.MATRICES.text());
        randomUnits.setTooltip(new Tooltip("matrices (the paper): single W_Q, W_K, W_V, W_O, W_in, W_out of any layer;"
                + " layers: whole attention and MLP layers"));
        HBox budgetRow = new HBox(6, new Label("Budget"), budgetRule);
        budgetRow.setAlignment(Pos.CENTER_LEFT);
        HBox unitsRow = new HBox(6, new Label("Draws"), randomUnits);
        unitsRow.setAlignment(Pos.CENTER_LEFT);
        Widgets.showWhen(strategy.valueProperty().isEqualTo(SelectViewModel.OT).or(strategy.valueProperty()
                .isEqualTo(SelectViewModel.OT_MLPS)).or(strategy.valueProperty().isEqualTo(Strategies.RANDOM)), budgetRow);
        Widgets.showWhen(strategy.valueProperty().isEqualTo(Strategies.RANDOM), unitsRow);
        Button make = new Button("Make selection");
        make.getStyleClass().add("primary");
        make.setTooltip(new Tooltip("Make the chosen strategy's selection and show it (Ctrl+Enter while in this panel)"));
        make.disableProperty().bind(ctx.session().model.isNull());
        make.setOnAction(e -> make());
        error.getStyleClass().add("bad");
        error.setWrapText(true);
        error.textProperty().bind(vm.error());
        error.setTooltip(new Tooltip("Why the last strategy made no selection"));
        VBox card = new VBox(8, head, strategy, layers, methodRow, seedRow, budgetRow, unitsRow, make, error);
        card.getStyleClass().add("card");
        return card;
    }

    private void make() {
        String s = strategy.getValue();
        if (s == null) {
            return;
        }
        switch (s) {
            case SelectViewModel.FLU_AUTO -> vm.fluFromProbes();
            case SelectViewModel.FLU_LAYERS -> vm.fluLayers(from.get(), to.get());
            case SelectViewModel.OT, SelectViewModel.OT_MLPS -> vm.ot(method.getValue() == null ? "attribution-patching"
                    : method.getValue(), s.equals(SelectViewModel.OT_MLPS), Strategies.BudgetRule.parse(budgetRule.getValue()));
            default -> vm.baseline(s, seed.get(), Strategies.RandomUnits.parse(randomUnits.getValue()),
                    Strategies.BudgetRule.parse(budgetRule.getValue()));
        }
    }

    /** Single weight matrices added to or taken from the shown selection: what the heatmap's cells are too coarse for. */
    private Node matricesCard() {
        Label head = Widgets.cardTitle("Single matrices");
        Spinner<Integer> layer = Spinners.bound(0, 1_000_000, matrixLayer, "Layer of the matrix");
        layer.setPrefWidth(80);
        matrix.setTooltip(new Tooltip("W_Q, W_K, W_V, W_O of the attention; W_in (up), W_gate, W_out (down) of the MLP"
                + " (TransformerLens names; W_gate only with a gated MLP)"));
        Button toggle = new Button("Add or remove");
        toggle.setTooltip(new Tooltip("Add the matrix to the shown selection, or take it out (makes the selection 'custom')"));
        toggle.disableProperty().bind(ctx.session().model.isNull().or(matrix.valueProperty().isNull()));
        toggle.setOnAction(e -> vm.toggleMatrix(matrixLayer.get(), matrix.getValue()));
        HBox row = new HBox(6, new Label("Layer"), layer, matrix, toggle);
        row.setAlignment(Pos.CENTER_LEFT);
        VBox card = new VBox(8, head, row, Widgets.hint("A matrix is its weight alone; parameter counts count shared"
                + " weights once."));
        card.getStyleClass().add("card");
        return card;
    }

    private void refreshMethods() {
        List<String> matrices = vm.matrices();
        if (!matrix.getItems().equals(matrices)) {
            matrix.getItems().setAll(matrices);
            matrix.setValue(matrices.isEmpty() ? null : matrices.get(0));
        }
        List<String> methods = vm.scoredMethods();
        if (!method.getItems().equals(methods)) {
            String was = method.getValue();
            method.getItems().setAll(methods);
            method.setValue(methods.contains(was) ? was : methods.isEmpty() ? null : methods.get(0));
        }
    }


    private Node masksCard() {
        Label head = Widgets.cardTitle("Masks");
        Button save = new Button("Save mask...");
        save.setTooltip(new Tooltip("Save the shown selection as a mask: .json (components) or .safetensors (0/1 "
                + "tensors in the checkpoint's layout) (Ctrl+Shift+M)"));
        save.disableProperty().bind(ctx.session().selection.isNull());
        save.setOnAction(e -> saveMask());
        Button load = new Button("Load mask...");
        load.setTooltip(new Tooltip("Load a .json or .safetensors mask made for this model (Ctrl+Alt+M)"));
        load.disableProperty().bind(ctx.session().model.isNull());
        load.setOnAction(e -> loadMask());
        Label hint = new Label("Masks are checked against the loaded model; the CLI reads the same files.");
        hint.getStyleClass().add("hint");
        hint.setWrapText(true);
        VBox card = new VBox(8, head, new HBox(8, save, load), hint);
        card.getStyleClass().add("card");
        return card;
    }

    private void saveMask() {
        Selection s = ctx.session().selection.get();
        if (s == null) {
            return;
        }
        FileChooser chooser = chooser("Save mask " + s.strategy());
        chooser.setInitialFileName(s.strategy() + ".json");
        File f = chooser.showSaveDialog(ctx.owner().get());
        if (f != null) {
            try {
                vm.saveMask(f.toPath(), s);
            } catch (LocusException e) {
                ctx.message().accept(e.getMessage());
            }
        }
    }

    private void loadMask() {
        File f = chooser("Load mask").showOpenDialog(ctx.owner().get());
        if (f != null) {
            try {
                vm.loadMask(f.toPath());
            } catch (LocusException e) {
                ctx.message().accept(e.getMessage());
            }
        }
    }

    private FileChooser chooser(String title) {
        return FileChoosers.files(title, ctx.session().workspaceFolder.get(),
                FileChoosers.filter("Mask (JSON)", "*.json"), FileChoosers.filter("Mask (safetensors)", "*.safetensors"));
    }


}
