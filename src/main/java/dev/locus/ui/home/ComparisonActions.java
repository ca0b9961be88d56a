package dev.locus.ui.home;

import dev.locus.ui.controls.Widgets;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * Home's two ways to the paper comparison: its finished run at once (shipped beside the model), or a live run in the
 * background, whose button says how far it is while it runs, wherever it was started.
 */
final class ComparisonActions {
    static final String RUN_LIVE = "\u25B6  Run it live";

    private ComparisonActions() {
    }

    /**
     * The column of actions beside (or below) Home's text; presenting, without the hint under the live run (room
     * for one more action at 1280 x 720).
     */
    static VBox column(HomeViewModel vm, ObservableBooleanValue presenting) {
        Label heading = Widgets.cardTitle("The paper comparison: FLU vs OT");
        heading.setMinWidth(Region.USE_PREF_SIZE);
        VBox column = new VBox(10, heading, finished(vm), live(vm, presenting));
        column.getStyleClass().add("hero-actions");
        column.setAlignment(Pos.CENTER_LEFT);
        column.setMinWidth(Region.USE_PREF_SIZE);
        return column;
    }

    /** "Show the finished comparison": Results with the shipped run; disabled, saying why, when there is none. */
    private static Region finished(HomeViewModel vm) {
        Button show = new Button("Show the finished comparison");
        show.getStyleClass().addAll("primary", "hero-action", "show-finished");
        show.setMinWidth(Region.USE_PREF_SIZE);
        show.setMaxWidth(Double.MAX_VALUE);
        show.setOnAction(e -> vm.showFinishedComparison());
        show.setDisable(!vm.finishedAvailable());
        Tooltip tip = new Tooltip(vm.finishedAvailable()
                ? "Every method's results at once, from the run shipped beside the model (made by 'locus run' with "
                        + "the same config as the live run)"
                : "This build has no finished run of the comparison beside the model; run it live instead");
        tip.setWrapText(true);
        tip.setMaxWidth(420);
        show.setTooltip(tip);
        // A disabled button shows no tooltip: the box around it does.
        StackPane box = new StackPane(show);
        Tooltip.install(box, tip);
        return box;
    }

    /** "Run it live", which becomes "Running: method 3 of 9..." with a progress bar until the run ends. */
    private static VBox live(HomeViewModel vm, ObservableBooleanValue presenting) {
        ComparisonProgress progress = vm.comparison();
        BooleanBinding running = progress.job().isNotNull();
        Button run = new Button();
        run.getStyleClass().addAll("hero-secondary", "run-live");
        run.setMinWidth(Region.USE_PREF_SIZE);
        run.setMaxWidth(Double.MAX_VALUE);
        run.textProperty().bind(Bindings.when(running).then(progress.text()).otherwise(RUN_LIVE));
        run.disableProperty().bind(vm.ready().not().or(running));
        Widgets.tip(run, "Localize, select, edit and evaluate every method on the bundled Sports World model, as in "
                + "the paper, in the background; Results fills as methods finish (Ctrl+Shift+P)");
        run.setOnAction(e -> vm.runPaperComparison());
        ProgressBar bar = new ProgressBar();
        bar.getStyleClass().add("comparison-progress");
        bar.progressProperty().bind(progress.progress());
        bar.setMaxWidth(Double.MAX_VALUE);
        Label hint = Widgets.hint("Every method again, in the background: about 12 minutes on two cores.");
        hint.getStyleClass().add("hero-actions-hint"); // as wide as the buttons (the stylesheet's), wrapped
        Widgets.showWhen(running, bar);
        Widgets.showWhen(running.not().and(Bindings.not(presenting)), hint);
        VBox box = new VBox(6, run, bar, hint);
        box.setFillWidth(true);
        return box;
    }
}
