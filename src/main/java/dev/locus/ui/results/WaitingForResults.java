package dev.locus.ui.results;

import dev.locus.export.MethodStyle;
import dev.locus.ui.controls.Widgets;
import dev.locus.ui.runs.LiveRuns;
import dev.locus.ui.runs.RunStage;
import dev.locus.ui.runs.RunStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.beans.InvalidationListener;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * What the Results panel shows instead of empty charts while the run shown has not finished a method: that it is
 * running, how far it is ("method 2 of 9, causal tracing"), and the job's own line of progress, from the session's
 * live runs; or, for a run that is not running here, that it has no finished method yet. JavaFX thread only.
 */
final class WaitingForResults {
    private final LiveRuns live;
    private final Label head = Widgets.cardTitle("");
    private final Label text = Widgets.hint("");
    private final Label detail = Widgets.hint("");
    private final ProgressIndicator spinner = new ProgressIndicator();
    private final StackPane node;
    private final InvalidationListener update = o -> refresh();
    private ResultsViewModel.RunChoice choice;
    private List<String> planned = List.of();
    private List<String> finished = List.of();
    private RunStatus watched;

    WaitingForResults(LiveRuns live) {
        this.live = live;
        head.getStyleClass().add("results-placeholder");
        for (Label l : List.of(head, text, detail)) {
            l.setWrapText(true);
            l.setMinHeight(Region.USE_PREF_SIZE);
        }
        spinner.setPrefSize(28, 28);
        spinner.setMinSize(28, 28);
        HBox top = new HBox(12, spinner, head);
        top.setAlignment(Pos.CENTER_LEFT);
        VBox card = new VBox(10, top, text, detail);
        card.getStyleClass().add("card");
        card.setMaxWidth(760);
        card.setMaxHeight(Region.USE_PREF_SIZE);
        node = new StackPane(card);
        node.setPadding(new Insets(40, 20, 20, 20));
        StackPane.setAlignment(card, Pos.TOP_CENTER);
        node.setId("results-waiting");
        live.queue().addListener((ListChangeListener<RunStatus>) c -> refresh());
    }

    Node node() {
        return node;
    }

    /**
     * Says where the run shown stands: {@code planned} the methods its config runs (empty while it has written no
     * config), {@code finished} those with results.
     */
    void show(ResultsViewModel.RunChoice shown, List<String> plannedMethods, List<String> finishedMethods) {
        this.choice = shown;
        this.planned = List.copyOf(plannedMethods);
        this.finished = List.copyOf(finishedMethods);
        refresh();
    }

    private void refresh() {
        RunStatus row = runningRow();
        if (row != watched) {
            if (watched != null) {
                watched.detail().removeListener(update);
                watched.state().removeListener(update);
            }
            watched = row;
            if (row != null) {
                row.detail().addListener(update);
                row.state().addListener(update);
            }
        }
        boolean running = row != null;
        spinner.setVisible(running);
        spinner.setManaged(running);
        String what = planned.size() > 1 ? "The comparison" : "The edit";
        head.setText(running ? what + " is running: charts appear as each method finishes"
                : "No method of this run has finished yet");
        String stage = running ? row.detail().get() : "";
        text.setText(running ? progress(planned, finished, stage)
                : "Charts appear as each method finishes. This run is not running in this session: open its folder"
                + " again when it has results, or start it from the Edit panel.");
        detail.setText(running && stage != null && !stage.isBlank() ? "Now: " + stage : "");
        detail.setVisible(!detail.getText().isEmpty());
        detail.setManaged(detail.isVisible());
    }

    /** The session's waiting or running run that writes one of the shown folders, or null. */
    private RunStatus runningRow() {
        if (choice == null) {
            return null;
        }
        for (RunStatus r : live.queue()) {
            Path folder = r.folder().toAbsolutePath().normalize();
            if (!r.state().get().done() && (choice.folders().contains(folder) || choice.key().equals(folder.getParent()))) {
                return r;
            }
        }
        return null;
    }

    /**
     * Where a run stands in words: "method 2 of 9, causal tracing (1 finished)" while it edits, "localizing with
     * causal tracing; the 9 edits follow" while it localizes, from its planned methods, those finished and the job's
     * stage ("seed 0: causal-tracing: edit: 40 of 100" or "seed 0: localize causal-tracing: 17088 of 26112").
     */
    static String progress(List<String> planned, List<String> finished, String stage) {
        int n = planned.size();
        String done = finished.size() + " of " + n + (n == 1 ? " method" : " methods") + " finished";
        RunStage at = RunStage.of(stage, planned);
        if (at.kind() == RunStage.Kind.LOCALIZING) {
            String method = at.method();
            return String.format(Locale.ROOT, "Localizing first, with %s; the %d %s follow (%s).",
                    MethodStyle.isKnown(method) ? MethodStyle.displayName(method) : method, n,
                    n == 1 ? "edit" : "edits", done);
        }
        if (at.kind() != RunStage.Kind.METHOD) {
            return n == 0 ? "The run is starting." : "The run is starting its " + n + (n == 1 ? " method" : " methods")
                    + " (" + done + ").";
        }
        return String.format(Locale.ROOT, "Method %d of %d, %s (%s).", at.index() + 1, n,
                MethodStyle.displayName(at.method()), done);
    }
}
