package dev.locus.ui.home;

import dev.locus.ui.edit.PaperComparison;
import dev.locus.ui.runs.LiveRuns;
import dev.locus.ui.runs.RunStatus;
import dev.locus.ui.task.Job;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableDoubleValue;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.ListChangeListener;

/**
 * The paper comparison while it waits or runs, wherever it was started (Home, Edit, Results, the Run menu): its job,
 * and what Home's button says of it ("Running: method 3 of 9...") with the fraction done. Follows the run queue of
 * {@link LiveRuns}; JavaFX thread only.
 */
final class ComparisonProgress {
    /** The comparison's last stage (PaperComparison's), after every method. */
    private static final String FIGURES = "figures";

    private final List<String> methods;
    private final ObjectProperty<Job<?>> job = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(-1);

    /** @param methods the comparison's methods, in the order it runs them */
    ComparisonProgress(LiveRuns live, List<String> methods) {
        this.methods = List.copyOf(methods);
        ChangeListener<RunStatus.State> stateChanged = (obs, old, state) -> follow(live);
        live.queue().addListener((ListChangeListener<RunStatus>) c -> {
            while (c.next()) {
                c.getAddedSubList().forEach(r -> r.state().addListener(stateChanged));
                c.getRemoved().forEach(r -> r.state().removeListener(stateChanged));
            }
            follow(live);
        });
        live.queue().forEach(r -> r.state().addListener(stateChanged));
        job.addListener((obs, old, j) -> bind(j));
        follow(live);
    }

    /** The comparison's job while it waits or runs, else null. */
    ObjectProperty<Job<?>> job() {
        return job;
    }

    /** "Running: method 3 of 9..." while it runs; empty when none does. */
    ObservableStringValue text() {
        return text.getReadOnlyProperty();
    }

    /** The fraction done, or -1 while that is unknown (localizing, waiting). */
    ObservableDoubleValue progress() {
        return progress.getReadOnlyProperty();
    }

    private void follow(LiveRuns live) {
        job.set(live.queue().stream()
                .filter(r -> r.name().equals(PaperComparison.RUN_NAME) && !r.state().get().done())
                .map(r -> (Job<?>) r.job()).findFirst().orElse(null));
    }

    private void bind(Job<?> j) {
        text.unbind();
        progress.unbind();
        if (j == null) {
            text.set("");
            progress.set(-1);
            return;
        }
        text.bind(Bindings.createStringBinding(() -> describe(j.getMessage(), methods), j.messageProperty()));
        progress.bind(Bindings.createDoubleBinding(() -> fraction(j.getMessage(), j.getProgress(), methods),
                j.messageProperty(), j.progressProperty()));
    }

    /**
     * What the comparison is doing, from its job's message ("seed 0: flu: edit: 12 of 50, about 1 min left" is
     * method 1 of the list): "Running: method 1 of 9...", "Running: localizing...", or waiting.
     */
    static String describe(String message, List<String> methods) {
        if (message == null || message.isEmpty() || message.equals("waiting")) {
            return "Waiting for the jobs before it...";
        }
        String stage = stage(message);
        if (stage.startsWith("localize ")) {
            return "Running: localizing...";
        }
        if (stage.equals(FIGURES)) {
            return "Running: drawing the figures...";
        }
        int i = methods.indexOf(method(stage));
        if (i >= 0) {
            return String.format(Locale.ROOT, "Running: method %d of %d...", i + 1, methods.size());
        }
        return "Running...";
    }

    /** Done so far: methods finished plus the current stage's share of one, or -1 before the methods start. */
    static double fraction(String message, double stageProgress, List<String> methods) {
        if (message == null || methods.isEmpty()) {
            return -1;
        }
        String stage = stage(message);
        if (stage.equals(FIGURES)) {
            return 1;
        }
        int i = methods.indexOf(method(stage));
        return i < 0 ? -1 : (i + Math.max(0, Math.min(1, stageProgress))) / methods.size();
    }

    /** "seed 0: flu: edit" from "seed 0: flu: edit: 12 of 50, about 1 min left"; without the seed. */
    private static String stage(String message) {
        return message.startsWith("seed ") && message.indexOf(": ") > 0
                ? message.substring(message.indexOf(": ") + 2) : message;
    }

    /** The method a stage belongs to ("flu" of "flu: edit: 12 of 50"), or the stage itself. */
    private static String method(String stage) {
        int colon = stage.indexOf(": ");
        return colon < 0 ? stage : stage.substring(0, colon);
    }
}
