package dev.locus.ui.select;

import dev.locus.localize.select.Selection;
import dev.locus.ui.controls.Widgets;
import dev.locus.ui.session.WorkbenchContext;
import java.util.Locale;
import javafx.geometry.HPos;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The Select panel's comparison of two selections: A (the session's selection, shown and edited) and B (the one it is
 * compared with), a summary line and a layer x {attn, heads, mlp} grid colored by membership. A and B always show
 * the session's two selections.
 */
final class SelectionComparisonView {
    /** Membership colors: tokens of the stylesheet, never literals. */
    private static final String BOTH = "-locus-good";
    private static final String ONLY_A = "-locus-accent";
    private static final String ONLY_B = "-locus-warn";
    private static final String NEITHER = "-locus-surface-alt";

    private final WorkbenchContext ctx;
    private final SelectViewModel vm;
    private final ComboBox<Selection> a;
    private final ComboBox<Selection> b;
    private final Label compareSummary = new Label();
    private final GridPane grid = new GridPane();

    SelectionComparisonView(WorkbenchContext ctx, SelectViewModel vm) {
        this.ctx = ctx;
        this.vm = vm;
        this.a = selectionCombo("Selection A: the one shown and edited (solid outline)");
        this.b = selectionCombo("Selection B: compared with A (dashed outline)");
    }

    /** The card: A and B, the summary line, the legend and the grid; follows the session from now on. */
    Node build() {
        Label head = Widgets.cardTitle("Compare two selections");
        a.valueProperty().addListener((obs, old, s) -> {
            if (s != null && s != ctx.session().selection.get()) {
                vm.choose(s);
            }
        });
        b.valueProperty().addListener((obs, old, s) -> {
            if (s != ctx.session().comparison.get()) {
                ctx.session().comparison.set(s);
            }
        });
        GridPane choose = new GridPane();
        choose.setHgap(8);
        choose.setVgap(6);
        choose.addRow(0, new Label("A"), a);
        choose.addRow(1, new Label("B"), b);
        GridPane.setHgrow(a, Priority.ALWAYS);
        GridPane.setHgrow(b, Priority.ALWAYS);
        Button clear = new Button("Clear B");
        clear.setTooltip(new Tooltip("Stop comparing"));
        clear.setOnAction(e -> ctx.session().comparison.set(null));
        clear.setMinWidth(Region.USE_PREF_SIZE);
        choose.add(clear, 2, 1);
        compareSummary.setWrapText(true);
        compareSummary.setTooltip(new Tooltip("Components in both, only in A, only in B; Jaccard is shared over either"));
        HBox legend = new HBox(10, Widgets.legend(BOTH, "both"), Widgets.legend(ONLY_A, "only A"), Widgets.legend(ONLY_B, "only B"));
        legend.setAlignment(Pos.CENTER_LEFT);
        grid.setHgap(3);
        grid.setVgap(2);
        VBox card = new VBox(8, head, choose, compareSummary, legend, grid);
        card.getStyleClass().add("card");
        card.setId(SelectPanel.COMPARISON_ID);
        // Invalidation, not change: a change listener stays silent when a recomputed selection equals the old one.
        ctx.session().selection.addListener(o -> follow());
        ctx.session().comparison.addListener(o -> follow());
        // Replacing the list's items may clear a combo box's value; A and B follow the session, so put them back.
        vm.selections().addListener((javafx.collections.ListChangeListener<Selection>) c -> follow());
        follow();
        return card;
    }

    /** Shows the session's selections in A and B (by identity: a recomputed selection may equal the old one) and redraws. */
    private void follow() {
        if (a.getValue() != ctx.session().selection.get()) {
            a.setValue(ctx.session().selection.get());
        }
        if (b.getValue() != ctx.session().comparison.get()) {
            b.setValue(ctx.session().comparison.get());
        }
        refresh();
    }

    /** A, for tests. */
    ComboBox<Selection> a() {
        return a;
    }

    /** The summary line and the layer x {attn, heads, mlp} grid of A against B. */
    private void refresh() {
        Selection sa = ctx.session().selection.get();
        Selection sb = ctx.session().comparison.get();
        grid.getChildren().clear();
        if (sa == null || sb == null || ctx.session().model.get() == null) {
            compareSummary.setText("Choose A and B to see which components they share");
            return;
        }
        SelectViewModel.Comparison c = vm.compare(sa, sb);
        compareSummary.setText(String.format(Locale.ROOT, "%s\nA %,d parameters, B %,d parameters", c.summary(),
                sa.parameterCount(), sb.parameterCount()));
        int layers = ctx.session().model.get().config().nLayers();
        for (int col = 0; col < SelectViewModel.GRID_COLUMNS.size(); col++) {
            Label h = new Label(SelectViewModel.GRID_COLUMNS.get(col));
            h.getStyleClass().add("hint");
            GridPane.setHalignment(h, HPos.CENTER);
            grid.add(h, col + 1, 0);
        }
        // Tall models get thinner rows so that the grid stays a glance.
        double height = layers > 24 ? 7 : 14;
        for (int l = 0; l < layers; l++) {
            Label name = new Label("L" + l);
            name.getStyleClass().add("hint");
            name.setVisible(layers <= 24 || l % 5 == 0);
            name.setMinHeight(height);
            name.setMaxHeight(height);
            name.setStyle("-fx-font-size: " + (layers > 24 ? "0.7em" : "0.85em") + ";");
            grid.add(name, 0, l + 1);
            for (int col = 0; col < SelectViewModel.GRID_COLUMNS.size(); col++) {
                String column = SelectViewModel.GRID_COLUMNS.get(col);
                SelectViewModel.Membership m = SelectViewModel.membership(c, l, column);
                Region cell = new Region();
                cell.setMinSize(70, height);
                cell.setPrefSize(70, height);
                cell.setStyle("-fx-background-color: " + switch (m) {
                    case BOTH -> BOTH;
                    case ONLY_A -> ONLY_A;
                    case ONLY_B -> ONLY_B;
                    case NONE -> NEITHER;
                } + "; -fx-background-radius: 2;");
                Tooltip.install(cell, new Tooltip("L" + l + " " + column + ": " + switch (m) {
                    case BOTH -> "in both";
                    case ONLY_A -> "only in A (" + sa.strategy() + ")";
                    case ONLY_B -> "only in B (" + sb.strategy() + ")";
                    case NONE -> "in neither";
                }));
                grid.add(cell, col + 1, l + 1);
            }
        }
    }

    private ComboBox<Selection> selectionCombo(String tip) {
        ComboBox<Selection> c = new ComboBox<>();
        c.setItems(vm.selections());
        c.setConverter(new StringConverter<>() {
            @Override
            public String toString(Selection s) {
                return s == null ? "" : s.strategy() + String.format(Locale.ROOT, " (%,d)", s.parameterCount());
            }

            @Override
            public Selection fromString(String text) {
                return null;
            }
        });
        c.setButtonCell(new ListCell<>() {
            @Override
            protected void updateItem(Selection s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty || s == null ? "" : c.getConverter().toString(s));
            }
        });
        c.setTooltip(new Tooltip(tip));
        c.setMaxWidth(Double.MAX_VALUE);
        return c;
    }
}
