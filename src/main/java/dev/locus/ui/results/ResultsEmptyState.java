package dev.locus.ui.results;

import dev.locus.ui.controls.Widgets;
import dev.locus.ui.edit.FinishedComparison;
import dev.locus.ui.edit.PaperComparison;
import dev.locus.ui.session.WorkbenchContext;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The Results panel while the session has no runs: what makes results, and the ways to them, the bundled comparison
 * first (finished at once, shipped with the model, or live in the background).
 */
final class ResultsEmptyState {
    private ResultsEmptyState() {
    }

    /** The card, shown while {@code empty}; {@code openRunFolder} asks for a run folder to open. */
    static Node node(WorkbenchContext ctx, ObservableBooleanValue empty, Runnable openRunFolder) {
        Label head = Widgets.cardTitle("No results yet");
        Label text = new Label("Results appear here as soon as an edit runs: choose a selection in the Select panel"
                + " and start an edit (or a queue of methods) in the Edit panel. Or look at the bundled paper comparison"
                + " (Fact Lookup vs. causal tracing, attribution patching, random and all MLPs on Sports World):"
                + " finished at once, or run live, or open a run folder written by 'locus run'.");
        text.setWrapText(true);
        text.setMinHeight(Region.USE_PREF_SIZE);
        text.getStyleClass().add("hint");
        Button edit = new Button("Go to Edit");
        edit.setTooltip(new Tooltip("Open the Edit panel to run an edit"));
        edit.setOnAction(e -> ctx.navigate().accept("Edit"));
        Button finished = new Button("Show the finished comparison");
        finished.getStyleClass().add("primary");
        boolean shipped = FinishedComparison.available();
        // a disabled button shows no tooltip of its own: the wrapper carries the reason
        Label finishedBox = new Label(null, finished);
        finishedBox.setTooltip(new Tooltip(shipped
                ? "Shows the bundled comparison's results at once: the run shipped with the model, made by the same"
                + " 'locus run' as the live one"
                : "This build does not ship the finished comparison's run folder: run it live instead"));
        finished.setDisable(!shipped);
        finished.setOnAction(e -> FinishedComparison.show(ctx));
        Button paper = new Button("Run it live (about 12 minutes)");
        paper.setTooltip(new Tooltip("Runs the bundled FLU-vs-OT comparison in the background; its results fill this"
                + " panel as each method finishes"));
        paper.setOnAction(e -> PaperComparison.start(ctx));
        Button open = new Button("Open run folder...");
        open.setTooltip(new Tooltip("Add a run folder from disk (Ctrl+Shift+R)"));
        open.setOnAction(e -> openRunFolder.run());
        FlowPane actions = new FlowPane(8, 8, finishedBox, paper, edit, open);
        VBox card = new VBox(10, head, text, actions);
        card.getStyleClass().add("card");
        card.setMaxWidth(640);
        card.setMaxHeight(Region.USE_PREF_SIZE);
        StackPane box = new StackPane(card);
        box.setPadding(new Insets(40));
        StackPane.setAlignment(card, Pos.TOP_CENTER);
        box.visibleProperty().bind(empty);
        return box;
    }
}
