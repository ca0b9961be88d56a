package dev.locus.ui.data;

import dev.locus.ui.controls.FileChoosers;
import dev.locus.ui.controls.Spinners;
import dev.locus.ui.controls.Widgets;
import dev.locus.ui.session.WorkbenchContext;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/** The Data panel's form column: the data source, the forget set, the edit target and Apply, over a {@link DataForm}. */
final class DataFormView {
    private final WorkbenchContext ctx;
    private final DataViewModel vm;

    DataFormView(WorkbenchContext ctx, DataViewModel vm) {
        this.ctx = ctx;
        this.vm = vm;
    }

    /** The cards, one above the other. */
    Node build() {
        VBox form = new VBox(12, sourceCard(), forgetCard(), targetCard(), applyBox());
        form.setPrefWidth(330);
        form.setMinWidth(300);
        return form;
    }

    /** A chooser of facts files, opening where the current one is. */
    FileChooser chooser(String title, String what, String... patterns) {
        String current = vm.form().dataFile().get();
        Path folder = current == null || current.isBlank() ? null : Path.of(current).toAbsolutePath().getParent();
        return FileChoosers.files(title, folder, FileChoosers.filter(what, patterns));
    }

    private Node sourceCard() {
        ToggleGroup group = new ToggleGroup();
        List<RadioButton> buttons = new ArrayList<>();
        for (DataForm.Source s : DataForm.Source.values()) {
            RadioButton b = new RadioButton(s.toString());
            b.setToggleGroup(group);
            b.setUserData(s);
            Widgets.tip(b, switch (s) {
                case BUNDLED -> "The 576 athletes of the bundled Sports World model";
                case BUNDLED_COUNTERFACT -> "The bundled model's 160 cities and their countries, in CounterFact form";
                case SPORTS_CSV -> "A CSV with athlete,sport columns (the paper's Sports Facts)";
                case COUNTERFACT -> "A CounterFact JSON: prompts, paraphrases, neighborhood prompts, target_new";
            });
            buttons.add(b);
        }
        Runnable select = () -> buttons.forEach(b -> b.setSelected(b.getUserData() == vm.form().source().get()));
        vm.form().source().addListener((obs, old, s) -> select.run());
        select.run();
        group.selectedToggleProperty().addListener((obs, old, t) -> {
            if (t != null) {
                vm.form().source().set((DataForm.Source) t.getUserData());
            }
        });
        var fileKind = Bindings.createStringBinding(() -> vm.form().source().get() == DataForm.Source.COUNTERFACT
                ? "*.json" : "*.csv", vm.form().source());
        Node file = fileRow(vm.form().dataFile(), "Data file", "The facts file",
                () -> chooser("Choose the facts file", "Facts", fileKind.get()));
        file.visibleProperty().bind(vm.form().source().isNotEqualTo(DataForm.Source.BUNDLED)
                .and(vm.form().source().isNotEqualTo(DataForm.Source.BUNDLED_COUNTERFACT)));
        file.managedProperty().bind(file.visibleProperty());
        Node questions = fileRow(vm.form().questionsFile(), "Questions (optional)",
                "CounterFact multiple-choice questions (JSON); adds the mcq format",
                () -> chooser("Choose the CounterFact questions", "Questions", "*.json"));
        questions.visibleProperty().bind(vm.form().source().isEqualTo(DataForm.Source.COUNTERFACT));
        questions.managedProperty().bind(questions.visibleProperty());
        VBox card = Widgets.card("Source");
        card.getChildren().addAll(buttons);
        card.getChildren().addAll(file, questions);
        return card;
    }

    private Node fileRow(javafx.beans.property.StringProperty path, String label, String tip,
            java.util.function.Supplier<FileChooser> chooser) {
        TextField field = new TextField();
        field.textProperty().bindBidirectional(path);
        field.setPromptText("path to the file");
        Widgets.tip(field, tip);
        HBox.setHgrow(field, Priority.ALWAYS);
        Button browse = Widgets.tip(new Button("Browse..."), "Choose the file");
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
        ChoiceBox<DataForm.ForgetKind> kind = new ChoiceBox<>();
        kind.getItems().setAll(DataForm.ForgetKind.values());
        kind.valueProperty().bindBidirectional(vm.form().forgetKind());
        kind.setMaxWidth(Double.MAX_VALUE);
        Widgets.tip(kind, "How the facts to forget or edit are chosen");
        Spinner<Integer> count = Spinners.bound(1, 100_000, vm.form().forgetCount(), "How many facts to forget or edit");
        count.setMaxWidth(Double.MAX_VALUE);
        Spinner<Integer> seed = Spinners.bound(0, Integer.MAX_VALUE, vm.form().forgetSeed(),
                "The seed of the random draw: the same seed draws the same facts");
        seed.setMaxWidth(Double.MAX_VALUE);
        ComboBox<String> attribute = new ComboBox<>(vm.attributes());
        attribute.setEditable(true);
        attribute.valueProperty().bindBidirectional(vm.form().forgetAttribute());
        attribute.setMaxWidth(Double.MAX_VALUE);
        Widgets.tip(attribute, "Every fact with this true attribute is forgotten (e.g. every basketball player)");
        GridPane grid = form();
        Label countLabel = new Label("Facts");
        Label seedLabel = new Label("Seed");
        Label attributeLabel = new Label("Attribute");
        grid.addRow(0, countLabel, count);
        grid.addRow(1, seedLabel, seed);
        grid.addRow(2, attributeLabel, attribute);
        var isAttribute = vm.form().forgetKind().isEqualTo(DataForm.ForgetKind.ATTRIBUTE);
        var isRandom = vm.form().forgetKind().isEqualTo(DataForm.ForgetKind.RANDOM);
        Widgets.showWhen(isAttribute.not(), countLabel, count);
        Widgets.showWhen(isRandom, seedLabel, seed);
        Widgets.showWhen(isAttribute, attributeLabel, attribute);
        return Widgets.card("Forget set", kind, grid);
    }

    private Node targetCard() {
        ChoiceBox<DataForm.TargetKind> kind = new ChoiceBox<>();
        kind.getItems().setAll(DataForm.TargetKind.values());
        kind.valueProperty().bindBidirectional(vm.form().targetKind());
        kind.setMaxWidth(Double.MAX_VALUE);
        Widgets.tip(kind, "What an edit makes the model say instead of the true attribute");
        ComboBox<String> attribute = new ComboBox<>(vm.candidates());
        attribute.setEditable(true);
        attribute.valueProperty().bindBidirectional(vm.form().targetAttribute());
        attribute.setMaxWidth(Double.MAX_VALUE);
        Widgets.tip(attribute, "The answer every forget fact is edited to (e.g. golf); one of its candidates");
        GridPane grid = form();
        Label l = new Label("Attribute");
        grid.addRow(0, l, attribute);
        Widgets.showWhen(vm.form().targetKind().isEqualTo(DataForm.TargetKind.NAMED), l, attribute);
        Widgets.showWhen(vm.form().targetKind().isEqualTo(DataForm.TargetKind.NAMED), grid);
        return Widgets.card("Edit target", kind, grid);
    }

    private Node applyBox() {
        Button apply = Widgets.tip(new Button("Apply"),
                "Load these facts, forget set and edit targets as the session's data (Ctrl+Shift+L)");
        apply.getStyleClass().add("primary");
        apply.setMaxWidth(Double.MAX_VALUE);
        apply.setOnAction(e -> vm.apply());
        apply.disableProperty().bind(vm.busy());
        Label error = new Label();
        error.getStyleClass().add("bad");
        error.setWrapText(true);
        error.textProperty().bind(vm.error());
        Widgets.showWhen(vm.error().isNotEmpty(), error);
        Label busy = Widgets.hint("Loading...");
        Widgets.showWhen(vm.busy(), busy);
        return new VBox(8, apply, busy, error, Widgets.hint("Apply makes these the session's facts: localizing, "
                + "selecting and editing all use them, and the exported config reproduces them."));
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
}
