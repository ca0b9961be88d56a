package dev.locus.ui.model;

import dev.locus.model.Bundled;
import dev.locus.model.LocusModel;
import dev.locus.ui.session.ModelLoader;
import dev.locus.ui.session.WorkbenchContext;
import dev.locus.ui.task.AppLog;
import dev.locus.ui.task.Job;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.WorkerStateEvent;

/**
 * The Model panel's state: the loaded model's summary, opening other model folders (the failure of one leaves the
 * loaded model as it was: {@link ModelLoader} only swaps on success), and the recent folders.
 */
public final class ModelViewModel {
    private final WorkbenchContext ctx;
    private final RecentModels store;
    private final ObjectProperty<ModelSummary> summary = new SimpleObjectProperty<>();
    private final ObservableList<Path> recent = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    /** Why the last open failed, one line; empty after a success. */
    private final StringProperty error = new SimpleStringProperty("");
    private final PlaygroundViewModel playground;
    private int openJobs;

    public ModelViewModel(WorkbenchContext ctx, RecentModels store) {
        this.ctx = ctx;
        this.store = store;
        this.playground = new PlaygroundViewModel(ctx);
        recent.setAll(store.folders());
        ctx.session().model.addListener((obs, old, m) -> describe(m));
        describe(ctx.session().model.get());
    }

    public ObjectProperty<ModelSummary> summary() {
        return summary;
    }

    /** Recent model folders, newest first (missing ones included: the view shows them disabled). */
    public ObservableList<Path> recent() {
        return recent;
    }

    public ReadOnlyBooleanProperty loading() {
        return loading.getReadOnlyProperty();
    }

    public StringProperty error() {
        return error;
    }

    public PlaygroundViewModel playground() {
        return playground;
    }

    /** Opens the bundled Sports World model. */
    public Job<LocusModel> openBundled() {
        return track(ModelLoader.openBundled(ctx), null);
    }

    /** Opens a Hugging Face model folder; on success it becomes the session's and heads the recent list. */
    public Job<LocusModel> open(Path folder) {
        return track(ModelLoader.open(ctx, folder), folder);
    }

    /** Forgets a recent folder (one that was moved or deleted). */
    public void forget(Path folder) {
        store.remove(folder);
        recent.setAll(store.folders());
    }

    /**
     * The model folder in what was dropped: one folder, or a file inside one (e.g. its config.json); empty when the
     * drop holds anything else.
     */
    public static Optional<Path> droppedFolder(List<File> files) {
        if (files == null || files.size() != 1) {
            return Optional.empty();
        }
        Path p = files.get(0).toPath();
        if (Files.isDirectory(p)) {
            return Optional.of(p);
        }
        return Optional.ofNullable(p.getParent());
    }

    /** Whether {@code folder} is the bundled model's (which the recent list leaves out: it has its own button). */
    public static boolean isBundled(Path folder) {
        try {
            return folder.toAbsolutePath().normalize().equals(Bundled.sportsWorld().toAbsolutePath().normalize());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private Job<LocusModel> track(Job<LocusModel> job, Path folder) {
        openJobs++;
        loading.set(true);
        error.set("");
        // Added handlers, not setOnSucceeded: ModelLoader's own handler swaps the model and must stay.
        job.addEventHandler(WorkerStateEvent.WORKER_STATE_SUCCEEDED, e -> {
            done();
            if (folder != null && !isBundled(folder)) {
                store.add(folder);
                recent.setAll(store.folders());
            }
        });
        job.addEventHandler(WorkerStateEvent.WORKER_STATE_FAILED, e -> {
            done();
            error.set(AppLog.userMessage(job.getException()));
        });
        job.addEventHandler(WorkerStateEvent.WORKER_STATE_CANCELLED, e -> done());
        return job;
    }

    private void done() {
        openJobs--;
        loading.set(openJobs > 0);
    }

    private void describe(LocusModel model) {
        if (model == null) {
            summary.set(null);
            return;
        }
        // Reading the weights' shapes is tensor work, so it runs on the model thread like everything else.
        Job<ModelSummary> job = ctx.thread().submit("Describe model", r -> ModelSummary.of(model));
        job.setOnSucceeded(e -> {
            if (ctx.session().model.get() == model) {
                summary.set(job.getValue());
            }
        });
    }
}
