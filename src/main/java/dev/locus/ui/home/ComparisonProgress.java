package dev.locus.ui.home;

import dev.locus.ui.edit.PaperComparison;
import dev.locus.ui.runs.LiveRuns;
import dev.locus.ui.runs.RunStage;
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
     * What the comparison is doing, from its job's message ({@link RunStage}): "Running: method 1 of 9...",
     * "Running: localizing...", or waiting.
     */
    static String describe(String message, List<String> methods) {
        RunStage stage = RunStage.of(message, methods);
        return switch (stage.kind()) {
            case WAITING -> "Waiting for the jobs before it...";
            case LOCALIZING -> "Running: localizing...";
            case FIGURES -> "Running: drawing the figures...";
            case METHOD -> String.format(Locale.ROOT, "Running: method %d of %d...", stage.index() + 1, methods.size());
            case OTHER -> "Running...";
        };
    }

    /** Done so far: methods finished plus the current stage's share of one, or -1 before the methods start. */
    static double fraction(String message, double stageProgress, List<String> methods) {
        if (message == null || methods.isEmpty()) {
            return -1;
        }
        RunStage stage = RunStage.of(message, methods);
        if (stage.kind() == RunStage.Kind.FIGURES) {
            return 1;
        }
        return stage.kind() != RunStage.Kind.METHOD ? -1
                : (stage.index() + Math.max(0, Math.min(1, stageProgress))) / methods.size();
    }
}
