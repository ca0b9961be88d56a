package dev.locus.ui.data;

import dev.locus.data.Fact;
import dev.locus.data.Prompt;
import dev.locus.data.PromptFormat;
import dev.locus.ui.controls.Menus;
import dev.locus.ui.controls.StartViews;
import dev.locus.ui.session.ViewPanel;
import dev.locus.ui.session.WorkbenchContext;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * The Data panel: the facts (bundled Sports World, a Sports Facts CSV or a CounterFact JSON), the forget set and the
 * edit targets, applied to the session's config; the split in numbers; every prompt format rendered for a forget
 * fact; the forget facts with their targets; and the model's accuracy per format before any edit.
 */
public final class DataPanel extends ViewPanel<DataViewModel> {

    public DataPanel(WorkbenchContext context) {
        super(context, new DataViewModel(context));
    }


    @Override
    public String title() {
        return "Data";
    }

    @Override
    public String purpose() {
        return "The facts: dataset, forget set, edit targets, prompt formats and accuracy before editing";
    }


    /** Loads the session's data (the bundled Sports World at start), queued after the Model panel's model. */
    @Override
    public void started() {
        vm.load(ctx.session().config.get());
    }

    @Override
    public List<MenuItem> fileMenu() {
        return Menus.items(Menus.item("Open data file...",
                "A Sports Facts CSV (athlete,sport) or a CounterFact JSON as the session's facts",
                new KeyCodeCombination(KeyCode.D, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                this::openDataFile));
    }

    @Override
    public List<MenuItem> runMenu() {
        return Menus.items(
                Menus.item("Apply data settings", "Load the Data panel's dataset, forget set and edit targets",
                        new KeyCodeCombination(KeyCode.L, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                        vm::apply),
                Menus.item("Accuracy before editing", "Score every prompt format on the forget and maintain facts",
                        new KeyCodeCombination(KeyCode.A, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                        vm::scoreAccuracy));
    }

    /** File > Open data file: picks the kind from the extension and loads it at once. */
    private void openDataFile() {
        File f = chooser("Open a Sports Facts CSV or CounterFact JSON", "Facts", "*.csv", "*.json")
                .showOpenDialog(ctx.owner().get());
        if (f != null) {
            boolean json = f.getName().toLowerCase(Locale.ROOT).endsWith(".json");
            vm.source().set(json ? DataViewModel.Source.COUNTERFACT : DataViewModel.Source.SPORTS_CSV);
            vm.dataFile().set(f.getAbsolutePath());
            ctx.navigate().accept(title());
            vm.apply();
        }
    }

    private FileChooser chooser(String title, String what, String... patterns) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(what, patterns));
        String current = vm.dataFile().get();
        if (current != null && !current.isBlank()) {
            File parent = Path.of(current).toAbsolutePath().getParent().toFile();
            if (parent.isDirectory()) {
                chooser.setInitialDirectory(parent);
            }
        }
        return chooser;
    }

    // ---- the view

    @Override
    protected Node build() {
        VBox root = StartViews.panel("Data",
                "Which facts to forget or edit, and how the model does on them before any edit.");
        VBox form = new VBox(12, sourceCard(), forgetCard(), targetCard(), applyBox());
        form.setPrefWidth(330);
        form.setMinWidth(300);
        ScrollPane formScroll = new ScrollPane(form);
        formScroll.setFitToWidth(true);
        formScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        formScroll.setMinWidth(330);
        formScroll.setPrefWidth(350);
        formScroll.getStyleClass().add("edge-to-edge");

        TabPane tabs = new TabPane(new Tab("Prompt formats", formatsView()), new Tab("Forget facts", factsTable()));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getTabs().get(0).setTooltip(new javafx.scene.control.Tooltip("Every format rendered for one forget fact"));
        tabs.getTabs().get(1).setTooltip(new javafx.scene.control.Tooltip("The forget facts with their edit targets"));
        VBox.setVgrow(tabs, Priority.ALWAYS);
        tabs.setMinHeight(230);
        VBox right = new VBox(12, countsRow(), warnings(), tabs, accuracyCard());
        HBox.setHgrow(right, Priority.ALWAYS);
        HBox columns = new HBox(16, formScroll, right);
        VBox.setVgrow(columns, Priority.ALWAYS);
        root.getChildren().add(columns);
        return root;
    }

    private Node sourceCard() {
        ToggleGroup group = new ToggleGroup();
        List<RadioButton> buttons = new ArrayList<>();
        for (DataViewModel.Source s : DataViewModel.Source.values()) {
            RadioButton b = new RadioButton(s.toString());
            b.setToggleGroup(group);
            b.setUserData(s);
            StartViews.tip(b, switch (s) {
                case BUNDLED -> "The 576 athletes of the bundled Sports World model";
                case SPORTS_CSV -> "A CSV with athlete,sport columns (the paper's Sports Facts)";
                case COUNTERFACT -> "A CounterFact JSON: prompts, paraphrases, neighborhood prompts, target_new";
            });
            buttons.add(b);
        }
        Runnable select = () -> buttons.forEach(b -> b.setSelected(b.getUserData() == vm.source().get()));
        vm.source().addListener((obs, old, s) -> select.run());
        select.run();
        group.selectedToggleProperty().addListener((obs, old, t) -> {
            if (t != null) {
                vm.source().set((DataViewModel.Source) t.getUserData());
            }
        });
        var fileKind = Bindings.createStringBinding(() -> vm.source().get() == DataViewModel.Source.COUNTERFACT
                ? "*.json" : "*.csv", vm.source());
        Node file = fileRow(vm.dataFile(), "Data file", "The facts file",
                () -> chooser("Choose the facts file", "Facts", fileKind.get()));
        file.visibleProperty().bind(vm.source().isNotEqualTo(DataViewModel.Source.BUNDLED));
        file.managedProperty().bind(file.visibleProperty());
        Node questions = fileRow(vm.questionsFile(), "Questions (optional)",
                "CounterFact multiple-choice questions (JSON); adds the mcq format",
                () -> chooser("Choose the CounterFact questions", "Questions", "*.json"));
        questions.visibleProperty().bind(vm.source().isEqualTo(DataViewModel.Source.COUNTERFACT));
        questions.managedProperty().bind(questions.visibleProperty());
        VBox card = StartViews.card("Source");
        card.getChildren().addAll(buttons);
        card.getChildren().addAll(file, questions);
        return card;
    }

    private Node fileRow(javafx.beans.property.StringProperty path, String label, String tip,
            java.util.function.Supplier<FileChooser> chooser) {
        TextField field = new TextField();
        field.textProperty().bindBidirectional(path);
        field.setPromptText("path to the file");
        StartViews.tip(field, tip);
        HBox.setHgrow(field, Priority.ALWAYS);
        Button browse = StartViews.tip(new Button("Browse..."), "Choose the file");
        browse.setOnAction(e -> {
            File f = chooser.get().showOpenDialog(ctx.owner().get());
            if (f != null) {
                path.set(f.getAbsolutePath());
            }
        });
        Label l = new Label(label);
        l.getStyleClass().add("summary-key");
        return new VBox(4, l, new HBox(6, field, browse));
    }

    private Node forgetCard() {
        ChoiceBox<DataViewModel.ForgetKind> kind = new ChoiceBox<>();
        kind.getItems().setAll(DataViewModel.ForgetKind.values());
        kind.valueProperty().bindBidirectional(vm.forgetKind());
        kind.setMaxWidth(Double.MAX_VALUE);
        StartViews.tip(kind, "How the facts to forget or edit are chosen");
        Spinner<Integer> count = intSpinner(1, 100_000, vm.forgetCount(), "How many facts to forget or edit");
        Spinner<Integer> seed = intSpinner(0, Integer.MAX_VALUE, vm.forgetSeed(),
                "The seed of the random draw: the same seed draws the same facts");
        ComboBox<String> attribute = new ComboBox<>(vm.attributes());
        attribute.setEditable(true);
        attribute.valueProperty().bindBidirectional(vm.forgetAttribute());
        attribute.setMaxWidth(Double.MAX_VALUE);
        StartViews.tip(attribute, "Every fact with this true attribute is forgotten (e.g. every basketball player)");
        GridPane grid = form();
        Label countLabel = new Label("Facts");
        Label seedLabel = new Label("Seed");
        Label attributeLabel = new Label("Attribute");
        grid.addRow(0, countLabel, count);
        grid.addRow(1, seedLabel, seed);
        grid.addRow(2, attributeLabel, attribute);
        var isAttribute = vm.forgetKind().isEqualTo(DataViewModel.ForgetKind.ATTRIBUTE);
        var isRandom = vm.forgetKind().isEqualTo(DataViewModel.ForgetKind.RANDOM);
        show(isAttribute.not(), countLabel, count);
        show(isRandom, seedLabel, seed);
        show(isAttribute, attributeLabel, attribute);
        return StartViews.card("Forget set", kind, grid);
    }

    private Node targetCard() {
        ChoiceBox<DataViewModel.TargetKind> kind = new ChoiceBox<>();
        kind.getItems().setAll(DataViewModel.TargetKind.values());
        kind.valueProperty().bindBidirectional(vm.targetKind());
        kind.setMaxWidth(Double.MAX_VALUE);
        StartViews.tip(kind, "What an edit makes the model say instead of the true attribute");
        ComboBox<String> attribute = new ComboBox<>(vm.candidates());
        attribute.setEditable(true);
        attribute.valueProperty().bindBidirectional(vm.targetAttribute());
        attribute.setMaxWidth(Double.MAX_VALUE);
        StartViews.tip(attribute, "The answer every forget fact is edited to (e.g. golf); one of its candidates");
        GridPane grid = form();
        Label l = new Label("Attribute");
        grid.addRow(0, l, attribute);
        show(vm.targetKind().isEqualTo(DataViewModel.TargetKind.NAMED), l, attribute);
        show(vm.targetKind().isEqualTo(DataViewModel.TargetKind.NAMED), grid);
        return StartViews.card("Edit target", kind, grid);
    }

    private Node applyBox() {
        Button apply = StartViews.tip(new Button("Apply"),
                "Load these facts, forget set and edit targets as the session's data (Ctrl+Shift+L)");
        apply.getStyleClass().add("primary");
        apply.setMaxWidth(Double.MAX_VALUE);
        apply.setOnAction(e -> vm.apply());
        apply.disableProperty().bind(vm.busy());
        Label error = new Label();
        error.getStyleClass().add("bad");
        error.setWrapText(true);
        error.textProperty().bind(vm.error());
        show(vm.error().isNotEmpty(), error);
        Label busy = StartViews.hint("Loading...");
        show(vm.busy(), busy);
        return new VBox(8, apply, busy, error, StartViews.hint("Apply makes these the session's facts: localizing, "
                + "selecting and editing all use them, and the exported config reproduces them."));
    }

    private Node countsRow() {
        HBox row = new HBox(10);
        Runnable fill = () -> {
            DataViewModel.Counts c = vm.counts();
            row.getChildren().setAll(tile("Facts", c.facts(), "Facts in the dataset"),
                    tile("Forget", c.forget(), "Facts the edit forgets or changes"),
                    tile("Maintain train", c.maintainTrain(), "Other facts the edit is trained to keep (80%)"),
                    tile("Maintain test", c.maintainTest(), "Other facts no edit trains on (20%), to test what it keeps"),
                    tile("Attributes", c.attributes(), "Distinct true answers (e.g. sports)"));
        };
        ctx.session().split.addListener((obs, old, s) -> fill.run());
        fill.run();
        return row;
    }

    private static Node tile(String label, int value, String tip) {
        Label v = new Label(String.format(Locale.ROOT, "%,d", value));
        v.getStyleClass().add("metric-value");
        Label l = new Label(label);
        l.getStyleClass().add("count-label");
        VBox tile = new VBox(v, l);
        tile.getStyleClass().add("count-tile");
        HBox.setHgrow(tile, Priority.ALWAYS);
        tile.setMaxWidth(Double.MAX_VALUE);
        javafx.scene.control.Tooltip.install(tile, new javafx.scene.control.Tooltip(tip));
        return tile;
    }

    private Node warnings() {
        VBox box = new VBox(2);
        Runnable fill = () -> box.getChildren().setAll(vm.warnings().stream().map(w -> {
            Label l = new Label("\u26A0 " + w);
            l.getStyleClass().add("warn");
            l.setWrapText(true);
            return (Node) l;
        }).toList());
        vm.warnings().addListener((javafx.collections.ListChangeListener<String>) c -> fill.run());
        fill.run();
        show(Bindings.isNotEmpty(vm.warnings()), box);
        return box;
    }

    private Node formatsView() {
        ComboBox<Fact> fact = new ComboBox<>(vm.forgetFacts());
        fact.valueProperty().bindBidirectional(vm.previewFact());
        fact.setCellFactory(v -> new FactCell());
        fact.setButtonCell(new FactCell());
        fact.setVisibleRowCount(12);
        StartViews.tip(fact, "The forget fact the formats are rendered for");
        HBox chooser = new HBox(8, new Label("Fact"), fact);
        chooser.setAlignment(Pos.CENTER_LEFT);
        HBox cards = new HBox(10);
        Runnable fill = () -> {
            cards.getChildren().clear();
            for (DataViewModel.FormatPreview p : vm.previews()) {
                Node card = previewCard(p);
                HBox.setHgrow(card, Priority.ALWAYS);
                cards.getChildren().add(card);
            }
            if (cards.getChildren().isEmpty()) {
                cards.getChildren().add(StartViews.hint("Load data to see its prompt formats."));
            }
        };
        vm.previews().addListener((javafx.collections.ListChangeListener<DataViewModel.FormatPreview>) c -> fill.run());
        fill.run();
        ScrollPane scroll = new ScrollPane(cards);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("edge-to-edge");
        VBox.setVgrow(scroll, Priority.ALWAYS);
        VBox box = new VBox(8, chooser, scroll);
        box.setStyle("-fx-padding: 0.6em 0 0 0;");
        return box;
    }

    private static Node previewCard(DataViewModel.FormatPreview p) {
        VBox card = StartViews.card(p.format(),
                StartViews.hint(p.kind() == PromptFormat.Kind.CHOICE ? "multiple choice" : "completion"));
        card.setMinWidth(180);
        card.setPrefWidth(220);
        if (p.problem() != null) {
            Label l = new Label(p.problem());
            l.getStyleClass().add("warn");
            l.setWrapText(true);
            card.getChildren().add(l);
            return card;
        }
        int shown = Math.min(p.prompts().size(), 4);
        for (Prompt prompt : p.prompts().subList(0, shown)) {
            Label text = new Label(prompt.text());
            text.getStyleClass().add("prompt-text");
            text.setWrapText(true);
            text.setMaxWidth(Double.MAX_VALUE);
            text.setMinHeight(Region.USE_PREF_SIZE);
            javafx.scene.control.Tooltip.install(text, new javafx.scene.control.Tooltip(
                    "The model is scored on its next token after this text"));
            card.getChildren().add(text);
        }
        if (p.prompts().size() > shown) {
            card.getChildren().add(StartViews.hint("and " + (p.prompts().size() - shown) + " more prompts"));
        }
        Prompt first = p.prompts().get(0);
        Label correct = new Label("Answer:" + first.correctAnswer());
        correct.getStyleClass().add("answer-correct");
        card.getChildren().add(correct);
        if (first.editAnswer() != null) {
            Label edit = new Label("Edit target:" + first.editAnswer());
            edit.getStyleClass().add("answer-edit");
            card.getChildren().add(edit);
        }
        Label all = StartViews.hint("Scored among:" + String.join(",", first.answers()));
        card.getChildren().add(all);
        return card;
    }

    private Node factsTable() {
        TableView<Fact> table = new TableView<>(vm.forgetFacts());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("#", f -> Integer.toString(vm.forgetFacts().indexOf(f) + 1), 50));
        table.getColumns().add(column("Subject", Fact::subject, 220));
        table.getColumns().add(column("True attribute", Fact::attribute, 140));
        table.getColumns().add(column("Edit target", f -> f.editTarget() == null ? "(none: unlearn)" : f.editTarget(), 140));
        table.setPlaceholder(StartViews.hint("No forget facts loaded."));
        StartViews.tip(table, "The facts an edit forgets or changes, with what it aims them at");
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, f) -> {
            if (f != null) {
                vm.previewFact().set(f);
            }
        });
        return table;
    }

    private Node accuracyCard() {
        Button score = StartViews.tip(new Button("Score accuracy before editing"),
                "Score every prompt format on the forget and maintain facts with the loaded model, as "
                        + "'locus evaluate' does (Ctrl+Shift+A)");
        score.getStyleClass().add("primary");
        score.setOnAction(e -> vm.scoreAccuracy());
        score.disableProperty().bind(vm.scoring().or(ctx.session().split.isNull()).or(ctx.session().model.isNull()));
        Label busy = StartViews.hint("Scoring...");
        show(vm.scoring(), busy);
        Label title = new Label("Accuracy before editing");
        title.getStyleClass().add("card-title");
        HBox head = new HBox(10, title, StartViews.grow(), busy, score);
        head.setAlignment(Pos.CENTER_LEFT);

        TableView<DataViewModel.FormatAccuracy> table = new TableView<>(vm.accuracy());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("Format", DataViewModel.FormatAccuracy::format, 110));
        table.getColumns().add(barColumn("Forget accuracy", DataViewModel.FormatAccuracy::forgetAccuracy, true));
        table.getColumns().add(barColumn("Forget probability", DataViewModel.FormatAccuracy::forgetProbability, false));
        table.getColumns().add(barColumn("Maintain accuracy", DataViewModel.FormatAccuracy::maintainAccuracy, true));
        TableColumn<DataViewModel.FormatAccuracy, String> prompts = column("Prompts",
                a -> a.forgetPrompts() + " / " + a.maintainPrompts(), 90);
        table.getColumns().add(prompts);
        table.setPlaceholder(StartViews.hint("Not scored yet: press the button to score every format."));
        // Header plus one row per format, no empty space below; rows follow the window's text size.
        Runnable size = () -> {
            double row = Math.ceil(title.getFont().getSize() / 1.1 * 2.3);
            table.setFixedCellSize(row);
            table.setPrefHeight(Math.max(2, vm.accuracy().size()) * row + row * 0.95);
        };
        title.fontProperty().addListener((obs, old, font) -> size.run());
        vm.accuracy().addListener((javafx.collections.ListChangeListener<DataViewModel.FormatAccuracy>) c -> size.run());
        size.run();
        table.setMinHeight(Region.USE_PREF_SIZE);
        StartViews.tip(table, "Accuracy: share of prompts whose true answer ranks first among the candidates; "
                + "probability: its mean, renormalized over them. Prompts: forget / maintain");
        VBox card = new VBox(head, table);
        card.getStyleClass().add("card");
        return card;
    }

    private static <S> TableColumn<S, String> column(String title, Function<S, String> value, double width) {
        TableColumn<S, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        c.setPrefWidth(width);
        c.setStyle("-fx-alignment: center-left;");
        return c;
    }

    private static <S> TableColumn<S, Number> barColumn(String title, Function<S, Double> value, boolean graded) {
        TableColumn<S, Number> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        c.setPrefWidth(170);
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Number v, boolean empty) {
                super.updateItem(v, empty);
                setText(null);
                if (empty || v == null) {
                    setGraphic(null);
                    return;
                }
                double d = v.doubleValue();
                setGraphic(StartViews.bar(d, Double.isNaN(d) ? "n/a" : String.format(Locale.ROOT, "%.3f", d), graded));
            }
        });
        return c;
    }

    private static GridPane form() {
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(6);
        var c0 = new javafx.scene.layout.ColumnConstraints();
        c0.setMinWidth(70);
        var c1 = new javafx.scene.layout.ColumnConstraints();
        c1.setHgrow(Priority.ALWAYS);
        c1.setFillWidth(true);
        grid.getColumnConstraints().addAll(c0, c1);
        return grid;
    }

    private static Spinner<Integer> intSpinner(int min, int max, javafx.beans.property.IntegerProperty value, String tip) {
        Spinner<Integer> s = new Spinner<>(min, max, Math.max(min, value.get()));
        s.setEditable(true);
        s.setMaxWidth(Double.MAX_VALUE);
        s.valueProperty().addListener((obs, old, v) -> {
            if (v != null) {
                value.set(v);
            }
        });
        value.addListener((obs, old, v) -> s.getValueFactory().setValue(Math.max(min, v.intValue())));
        StartViews.tip(s, tip);
        return s;
    }

    private static void show(javafx.beans.value.ObservableBooleanValue when, Node... nodes) {
        for (Node n : nodes) {
            n.visibleProperty().bind(Bindings.createBooleanBinding(when::get, when));
            n.managedProperty().bind(n.visibleProperty());
        }
    }

    /** "Chedol Lunlous: basketball -> baseball" */
    private static final class FactCell extends ListCell<Fact> {
        @Override
        protected void updateItem(Fact f, boolean empty) {
            super.updateItem(f, empty);
            setText(empty || f == null ? null : f.subject() + ": " + f.attribute()
                    + (f.editTarget() == null ? "" : " \u2192 " + f.editTarget()));
        }
    }
}
