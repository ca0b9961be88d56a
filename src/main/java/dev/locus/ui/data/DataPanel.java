package dev.locus.ui.data;

import dev.locus.data.Fact;
import dev.locus.data.Prompt;
import dev.locus.data.PromptFormat;
import dev.locus.ui.controls.Menus;
import dev.locus.ui.controls.Widgets;
import dev.locus.ui.session.ViewPanel;
import dev.locus.ui.session.WorkbenchContext;
import java.io.File;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Data panel: the facts (bundled Sports World, a Sports Facts CSV or a CounterFact JSON), the forget set and the
 * edit targets, applied to the session's config; the split in numbers; every prompt format rendered for a forget
 * fact; the forget facts with their targets; and the model's accuracy per format before any edit.
 */
public final class DataPanel extends ViewPanel<DataViewModel> {

    private final DataFormView formView;

    public DataPanel(WorkbenchContext context) {
        super(context, new DataViewModel(context));
        this.formView = new DataFormView(context, vm);
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
        File f = formView.chooser("Open a Sports Facts CSV or CounterFact JSON", "Facts", "*.csv", "*.json")
                .showOpenDialog(ctx.owner().get());
        if (f != null) {
            boolean json = f.getName().toLowerCase(Locale.ROOT).endsWith(".json");
            vm.form().source().set(json ? DataForm.Source.COUNTERFACT : DataForm.Source.SPORTS_CSV);
            vm.form().dataFile().set(f.getAbsolutePath());
            ctx.navigate().accept(title());
            vm.apply();
        }
    }

    // ---- the view

    @Override
    protected Node build() {
        VBox root = Widgets.panel("Data",
                "Which facts to forget or edit, and how the model does on them before any edit.");
        ScrollPane formScroll = new ScrollPane(formView.build());
        formScroll.setFitToWidth(true);
        formScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        formScroll.setMinWidth(330);
        formScroll.setPrefWidth(350);
        formScroll.getStyleClass().add("edge-to-edge");

        Tab formats = new Tab("Prompt formats", formatsView());
        Tab facts = new Tab("Forget facts", factsTable());
        TabPane tabs = new TabPane(formats, facts);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getTabs().get(0).setTooltip(new javafx.scene.control.Tooltip("Every format rendered for one forget fact"));
        tabs.getTabs().get(1).setTooltip(new javafx.scene.control.Tooltip("The forget facts with their edit targets"));
        VBox.setVgrow(tabs, Priority.ALWAYS);
        tabs.setMinHeight(230);
        Node accuracy = accuracyCard();
        VBox right = new VBox(12, countsRow(), warnings(), tabs, accuracy);
        HBox.setHgrow(right, Priority.ALWAYS);
        // Presenting (1280 x 720, larger text): the settings wait for normal mode, the accuracy gets a tab of its
        // own beside the formats, and the list of forget facts (a long table) goes.
        Tab accuracyTab = new Tab("Accuracy before editing");
        accuracyTab.setTooltip(new javafx.scene.control.Tooltip("Every format scored before any edit"));
        Widgets.showWhen(ctx.session().presentation.not(), formScroll);
        Runnable arrange = () -> {
            boolean presenting = ctx.session().presentation.get();
            right.getChildren().remove(accuracy);
            accuracyTab.setContent(presenting ? accuracy : null);
            tabs.getTabs().setAll(presenting ? List.of(formats, accuracyTab) : List.of(formats, facts));
            if (!presenting) {
                right.getChildren().add(accuracy);
            }
        };
        Widgets.follow(ctx.session().presentation, now -> arrange.run());
        HBox columns = new HBox(16, formScroll, right);
        VBox.setVgrow(columns, Priority.ALWAYS);
        root.getChildren().add(columns);
        return root;
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
        Widgets.showWhen(Bindings.isNotEmpty(vm.warnings()), box);
        return box;
    }

    private Node formatsView() {
        ComboBox<Fact> fact = new ComboBox<>(vm.forgetFacts());
        fact.valueProperty().bindBidirectional(vm.previewFact());
        fact.setCellFactory(v -> new FactCell());
        fact.setButtonCell(new FactCell());
        fact.setVisibleRowCount(12);
        Widgets.tip(fact, "The forget fact the formats are rendered for");
        // Presenting, one format at a time across the width (the room reads a whole prompt), chosen here.
        ComboBox<String> format = new ComboBox<>();
        Widgets.tip(format, "The format shown");
        Label formatLabel = new Label("Format");
        Widgets.showWhen(ctx.session().presentation, formatLabel, format);
        HBox chooser = new HBox(8, new Label("Fact"), fact, formatLabel, format);
        chooser.setAlignment(Pos.CENTER_LEFT);
        HBox cards = new HBox(10);
        boolean[] choosing = {false};
        Runnable fill = () -> {
            if (choosing[0]) {
                return; // the format's value set below: this fill goes on with it
            }
            boolean presenting = ctx.session().presentation.get();
            List<String> names = vm.previews().stream().map(DataViewModel.FormatPreview::format).toList();
            choosing[0] = true;
            try {
                if (!format.getItems().equals(names)) {
                    format.getItems().setAll(names);
                }
                if (format.getValue() == null || !names.contains(format.getValue())) {
                    format.setValue(names.isEmpty() ? null : names.get(0));
                }
            } finally {
                choosing[0] = false;
            }
            cards.getChildren().clear();
            for (DataViewModel.FormatPreview p : vm.previews()) {
                if (presenting && !p.format().equals(format.getValue())) {
                    continue;
                }
                Node card = previewCard(p, presenting);
                HBox.setHgrow(card, Priority.ALWAYS);
                cards.getChildren().add(card);
            }
            if (cards.getChildren().isEmpty()) {
                cards.getChildren().add(Widgets.hint("Load data to see its prompt formats."));
            }
        };
        vm.previews().addListener((javafx.collections.ListChangeListener<DataViewModel.FormatPreview>) c -> fill.run());
        ctx.session().presentation.addListener((obs, was, now) -> fill.run());
        format.valueProperty().addListener((obs, was, now) -> fill.run());
        fill.run();
        ScrollPane scroll = new ScrollPane(cards);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("edge-to-edge");
        VBox.setVgrow(scroll, Priority.ALWAYS);
        VBox box = new VBox(8, chooser, scroll);
        box.setStyle("-fx-padding: 0.6em 0 0 0;");
        return box;
    }

    /** A format's card: its first prompts (presenting: the first alone, without the notes) and answers. */
    private static Node previewCard(DataViewModel.FormatPreview p, boolean presenting) {
        VBox card = Widgets.card(p.format(),
                Widgets.hint(p.kind() == PromptFormat.Kind.CHOICE ? "multiple choice" : "completion"));
        card.setMinWidth(180);
        card.setPrefWidth(220);
        if (p.problem() != null) {
            Label l = new Label(p.problem());
            l.getStyleClass().add("warn");
            l.setWrapText(true);
            card.getChildren().add(l);
            return card;
        }
        if (p.note() != null && !presenting) {
            Label note = Widgets.hint(p.note());
            note.setWrapText(true);
            card.getChildren().add(note);
        }
        int shown = Math.min(p.prompts().size(), presenting ? 1 : 4);
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
            card.getChildren().add(Widgets.hint("and " + (p.prompts().size() - shown) + " more prompts"));
        }
        Prompt first = p.prompts().get(0);
        Label correct = new Label("Answer:" + first.correctAnswer());
        correct.getStyleClass().add("answer-correct");
        correct.setWrapText(true);
        card.getChildren().add(correct);
        if (first.editAnswer() != null) {
            Label edit = new Label("Edit target:" + first.editAnswer());
            edit.getStyleClass().add("answer-edit");
            edit.setWrapText(true);
            card.getChildren().add(edit);
        }
        if (!presenting) {
            card.getChildren().add(Widgets.hint("Scored among:" + String.join(",", first.answers())));
        }
        return card;
    }

    private Node factsTable() {
        TableView<Fact> table = new TableView<>(vm.forgetFacts());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("#", f -> Integer.toString(vm.forgetFacts().indexOf(f) + 1), 50));
        table.getColumns().add(column("Subject", Fact::subject, 220));
        table.getColumns().add(column("True attribute", Fact::attribute, 140));
        table.getColumns().add(column("Edit target", f -> f.editTarget() == null ? "(none: unlearn)" : f.editTarget(), 140));
        table.setPlaceholder(Widgets.hint("No forget facts loaded."));
        Widgets.tip(table, "The facts an edit forgets or changes, with what it aims them at");
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, f) -> {
            if (f != null) {
                vm.previewFact().set(f);
            }
        });
        return table;
    }

    private Node accuracyCard() {
        Button score = Widgets.tip(new Button("Score accuracy before editing"),
                "Score every prompt format on the forget and maintain facts with the loaded model, as "
                        + "'locus evaluate' does (Ctrl+Shift+A)");
        score.getStyleClass().add("primary");
        score.setOnAction(e -> vm.scoreAccuracy());
        score.disableProperty().bind(vm.scoring().or(ctx.session().split.isNull()).or(ctx.session().model.isNull()));
        Label busy = Widgets.hint("Scoring...");
        Widgets.showWhen(vm.scoring(), busy);
        Label title = Widgets.cardTitle("Accuracy before editing");
        HBox head = new HBox(10, title, Widgets.grow(), busy, score);
        head.setAlignment(Pos.CENTER_LEFT);

        TableView<DataViewModel.FormatAccuracy> table = new TableView<>(vm.accuracy());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("Format", DataViewModel.FormatAccuracy::format, 110));
        List<TableColumn<DataViewModel.FormatAccuracy, Number>> bars = List.of(
                barColumn("Forget accuracy", DataViewModel.FormatAccuracy::forgetAccuracy, true),
                barColumn("Forget argmax accuracy", DataViewModel.FormatAccuracy::forgetArgmaxAccuracy, false),
                barColumn("Maintain accuracy", DataViewModel.FormatAccuracy::maintainAccuracy, true));
        table.getColumns().addAll(bars);
        // Presenting, the card has the panel's width: headers of the larger text whole.
        Widgets.follow(ctx.session().presentation, now -> bars.forEach(b -> b.setPrefWidth(now ? 250 : 170)));
        TableColumn<DataViewModel.FormatAccuracy, String> prompts = column("Prompts",
                a -> a.forgetPrompts() + " / " + a.maintainPrompts(), 90);
        table.getColumns().add(prompts);
        table.setPlaceholder(Widgets.hint("Not scored yet: press the button to score every format."));
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
        Widgets.tip(table, "Accuracy: share of prompts whose true answer ranks first among the candidates; "
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
                setGraphic(Widgets.bar(d, Double.isNaN(d) ? "n/a" : String.format(Locale.ROOT, "%.3f", d), graded));
            }
        });
        return c;
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
