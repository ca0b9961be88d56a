package dev.locus.ui.results;

import dev.locus.ui.controls.ChartPane;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * Where the Results panel's parts go. In the window: one scrolling page, the summary, the bars across the width and
 * the other charts two to a row, the soft-prompt card, the tables. In presentation mode: one part at a time filling
 * the panel, chosen by a row of buttons (Before/after, Radar, Relearning, Probes (true), Probes (edit), Soft prompt,
 * Numbers, Summary: the run in words, the bundled comparison's finding), so that nothing scrolls or is cut on a
 * projector. While the run shown has no finished method: the
 * {@link WaitingForResults} note instead of empty charts. The parts are the same nodes in both modes (moved, not
 * copied), so the charts keep their ids ({@code chart-bars} ...).
 */
final class ResultsLayout {
    /** The parts of presentation mode, in order: chart keys, "soft-prompt", "numbers" and "summary". */
    static final Map<String, String> VIEWS = views();

    private final ObservableBooleanValue presenting;
    private final GridPane grid = new GridPane();
    private final VBox page;
    private final ScrollPane scroll;
    private final StackPane stage = new StackPane();
    private final VBox presented;
    private final VBox numbers = new VBox(12);
    private final Map<String, StackPane> slots = new LinkedHashMap<>();
    private final Map<String, ToggleButton> buttons = new LinkedHashMap<>();
    private final ToggleGroup group = new ToggleGroup();
    private final Node waiting;
    private final StackPane root;
    private final Node summary;
    private final Node softPrompt;
    private final Node table;
    private final Node compare;
    private final Map<String, ChartPane> charts = new LinkedHashMap<>();
    private boolean nothingYet = true;

    ResultsLayout(ObservableBooleanValue presenting, Node summary, Node softPrompt, Node table, Node compare,
            Node waiting) {
        this.presenting = presenting;
        this.summary = summary;
        this.softPrompt = softPrompt;
        this.table = table;
        this.compare = compare;
        this.waiting = waiting;
        grid.setHgap(12);
        grid.setVgap(12);
        for (int c = 0; c < 2; c++) {
            ColumnConstraints col = new ColumnConstraints();
            col.setPercentWidth(50);
            col.setFillWidth(true);
            grid.getColumnConstraints().add(col);
        }
        page = new VBox(12);
        page.setPadding(new Insets(2, 4, 12, 0));
        scroll = new ScrollPane(page);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("edge-to-edge");
        HBox chooser = new HBox(6);
        chooser.setAlignment(Pos.CENTER_LEFT);
        VIEWS.forEach((key, label) -> {
            ToggleButton b = new ToggleButton(label);
            b.setToggleGroup(group);
            b.setUserData(key);
            b.setMinWidth(Region.USE_PREF_SIZE);
            b.setTooltip(new Tooltip("Show " + label.toLowerCase(java.util.Locale.ROOT) + " alone"));
            buttons.put(key, b);
            chooser.getChildren().add(b);
            StackPane slot = new StackPane();
            slot.setVisible(false);
            slots.put(key, slot);
            stage.getChildren().add(slot);
        });
        // the soft-prompt attack is a view only when the run has one (its card hides itself otherwise)
        buttons.get("soft-prompt").visibleProperty().bind(softPrompt.visibleProperty());
        buttons.get("soft-prompt").managedProperty().bind(softPrompt.visibleProperty());
        softPrompt.visibleProperty().addListener((o, a, b) -> {
            if (!b && "soft-prompt".equals(chosen())) {
                choose("bars");
            }
        });
        group.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) {
                a.setSelected(true); // one view is always shown
            } else {
                slots.forEach((key, slot) -> slot.setVisible(key.equals(b.getUserData())));
            }
        });
        buttons.get("bars").setSelected(true);
        VBox.setVgrow(stage, Priority.ALWAYS);
        presented = new VBox(10, chooser, stage);
        presented.setPadding(new Insets(2, 0, 4, 0));
        slots.get("numbers").getChildren().add(numbers);
        StackPane.setAlignment(numbers, Pos.TOP_LEFT);
        root = new StackPane(scroll, presented, waiting);
        presenting.addListener((o, a, b) -> arrange());
        arrange();
    }

    /** The node to put in the panel. */
    Node node() {
        return root;
    }

    /** Adds a chart pane the first time the run has its chart: the bars across the width, the others two to a row. */
    void addChart(String key, ChartPane pane) {
        int i = ResultsViewModel.CHARTS.indexOf(key);
        if (i == 0) {
            GridPane.setConstraints(pane, 0, 0, 2, 1);
        } else {
            GridPane.setConstraints(pane, (i - 1) % 2, 1 + (i - 1) / 2);
        }
        charts.put(key, pane);
        place(key, pane);
    }

    /** Shows the note instead of the charts while nothing has finished, the charts otherwise. */
    void nothingYet(boolean nothing) {
        nothingYet = nothing;
        visibility();
    }

    /** The part shown in presentation mode: a key of {@link #VIEWS}. */
    String chosen() {
        return group.getSelectedToggle() == null ? "bars" : (String) group.getSelectedToggle().getUserData();
    }

    /** Shows a part in presentation mode (a key of {@link #VIEWS}); in the window, scrolls it into view. */
    void choose(String key) {
        ToggleButton b = buttons.get(key);
        if (b == null) {
            throw new IllegalArgumentException("no results view " + key + "; one of " + VIEWS.keySet());
        }
        b.setSelected(true);
        Node part = "numbers".equals(key) ? table : "soft-prompt".equals(key) ? softPrompt
                : "summary".equals(key) ? summary : charts.get(key);
        if (!presenting.get() && part != null && part.getParent() != null) {
            double y = part.localToScene(0, 0).getY() - page.localToScene(0, 0).getY();
            double room = page.getHeight() - scroll.getViewportBounds().getHeight();
            scroll.setVvalue(room <= 0 ? 0 : Math.max(0, Math.min(1, y / room)));
        }
    }

    /** Moves the parts into the mode's layout: the scrolling page, or one slot per view. */
    private void arrange() {
        if (presenting.get()) {
            page.getChildren().clear();
            grid.getChildren().clear();
            numbers.getChildren().setAll(table);
            slots.get("summary").getChildren().setAll(summary);
            summary.getStyleClass().add("results-summary-presented");
            StackPane.setAlignment(summary, Pos.TOP_LEFT);
            charts.forEach(this::place);
            slots.get("soft-prompt").getChildren().setAll(softPrompt);
        } else {
            slots.forEach((key, slot) -> {
                if (!"numbers".equals(key)) {
                    slot.getChildren().clear();
                }
            });
            summary.getStyleClass().remove("results-summary-presented");
            numbers.getChildren().clear();
            charts.forEach(this::place);
            page.getChildren().setAll(summary, grid, softPrompt, table, compare);
        }
        visibility();
    }

    private void place(String key, ChartPane pane) {
        if (presenting.get()) {
            slots.get(key).getChildren().setAll(pane);
        } else if (!grid.getChildren().contains(pane)) {
            grid.getChildren().add(pane); // in its cell: GridPane keeps a node's constraints on the node
        }
    }

    private void visibility() {
        waiting.setVisible(nothingYet);
        scroll.setVisible(!nothingYet && !presenting.get());
        presented.setVisible(!nothingYet && presenting.get());
    }

    private static Map<String, String> views() {
        Map<String, String> v = new LinkedHashMap<>();
        List<String> labels = List.of("Before/after", "Radar", "Relearning", "Probes (true)", "Probes (edit)");
        for (int i = 0; i < ResultsViewModel.CHARTS.size(); i++) {
            v.put(ResultsViewModel.CHARTS.get(i), labels.get(i));
        }
        v.put("soft-prompt", "Soft prompt");
        v.put("numbers", "Numbers");
        v.put("summary", "Summary");
        return java.util.Collections.unmodifiableMap(v);
    }
}
