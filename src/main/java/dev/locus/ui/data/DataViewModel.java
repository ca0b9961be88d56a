package dev.locus.ui.data;

import dev.locus.core.LocusException;
import dev.locus.data.Dataset;
import dev.locus.data.Fact;
import dev.locus.data.Prompt;
import dev.locus.data.PromptFormat;
import dev.locus.data.Split;
import dev.locus.eval.FormatScore;
import dev.locus.eval.FormatScorer;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.model.LocusModel;
import dev.locus.ui.session.DataLoader;
import dev.locus.ui.session.Session;
import dev.locus.ui.session.WorkbenchContext;
import dev.locus.ui.task.AppLog;
import dev.locus.ui.task.Job;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.WorkerStateEvent;

/**
 * The Data panel's state: a form for the data source, the forget set and the edit target that {@link #apply}
 * turns into the session's config (and loads with {@link DataLoader}); the loaded split's counts and warnings; every
 * prompt format rendered for one forget fact; and the model's accuracy per format before any edit.
 */
public final class DataViewModel {

    /**
     * One format rendered for the preview fact: its prompts with answers, or why the fact does not fit it; {@code note}
     * says how a chat format reaches the loaded model (its chat template, or the plain text), else null.
     */
    public record FormatPreview(String format, PromptFormat.Kind kind, List<Prompt> prompts, String problem,
            String note) {
        public FormatPreview(String format, PromptFormat.Kind kind, List<Prompt> prompts, String problem) {
            this(format, kind, prompts, problem, null);
        }
    }

    /** The model's accuracy (the paper's, and argmax) on one format before editing, on the forget and maintain facts. */
    public record FormatAccuracy(String format, int forgetPrompts, double forgetAccuracy, double forgetArgmaxAccuracy,
            int maintainPrompts, double maintainAccuracy, double maintainArgmaxAccuracy) {
    }

    private final WorkbenchContext ctx;
    private final DataForm form = new DataForm();

    // What is loaded.
    private final ObservableList<String> attributes = FXCollections.observableArrayList();
    private final ObservableList<String> candidates = FXCollections.observableArrayList();
    private final ObservableList<Fact> forgetFacts = FXCollections.observableArrayList();
    private final ObservableList<String> warnings = FXCollections.observableArrayList();
    private final ObjectProperty<Fact> previewFact = new SimpleObjectProperty<>();
    private final ObservableList<FormatPreview> previews = FXCollections.observableArrayList();
    private final ObservableList<FormatAccuracy> accuracy = FXCollections.observableArrayList();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final BooleanProperty scoring = new SimpleBooleanProperty();
    /** Why the last apply or scoring failed, one line; empty after a success. */
    private final StringProperty error = new SimpleStringProperty("");

    public DataViewModel(WorkbenchContext ctx) {
        this.ctx = ctx;
        Session s = ctx.session();
        s.config.addListener((obs, old, c) -> form.read(c));
        s.split.addListener((obs, old, split) -> showSplit(s.dataset.get(), split));
        s.model.addListener((obs, old, m) -> {
            accuracy.clear();
            renderPreviews(); // a chat format's note depends on the model's template
        });
        previewFact.addListener((obs, old, f) -> renderPreviews());
        form.read(s.config.get());
        showSplit(s.dataset.get(), s.split.get());
    }

    /** The data source, forget set and edit target as entered. */
    public DataForm form() {
        return form;
    }

    // ---- what is loaded

    /** The loaded dataset's true attributes, for the forget set's attribute choice. */
    public ObservableList<String> attributes() {
        return attributes;
    }

    /** Answers an edit can aim at (every candidate of the loaded facts, first 200). */
    public ObservableList<String> candidates() {
        return candidates;
    }

    /** The forget facts with their edit targets. */
    public ObservableList<Fact> forgetFacts() {
        return forgetFacts;
    }

    public ObservableList<String> warnings() {
        return warnings;
    }

    /** The fact the format previews render. */
    public ObjectProperty<Fact> previewFact() {
        return previewFact;
    }

    public ObservableList<FormatPreview> previews() {
        return previews;
    }

    public ObservableList<FormatAccuracy> accuracy() {
        return accuracy;
    }

    /** A load is queued or running. */
    public BooleanProperty busy() {
        return busy;
    }

    /** Accuracy scoring is queued or running. */
    public BooleanProperty scoring() {
        return scoring;
    }

    public StringProperty error() {
        return error;
    }

    /** "576 facts", "64 forget", ... for the count tiles; all zero before data loads. */
    public Counts counts() {
        Dataset d = ctx.session().dataset.get();
        Split s = ctx.session().split.get();
        if (d == null || s == null) {
            return new Counts(0, 0, 0, 0, 0);
        }
        return new Counts(d.facts().size(), s.forget().size(), s.maintainTrain().size(), s.maintainTest().size(),
                d.attributes().size());
    }

    /** The loaded split in numbers. */
    public record Counts(int facts, int forget, int maintainTrain, int maintainTest, int attributes) {
    }

    // ---- actions

    /**
     * Makes the form the session's data: loads it on the model thread; on success the session holds the new config,
     * dataset and split. A form that makes no sense fails at once, with the same one-line message as a failed load.
     */
    public Job<DataLoader.Loaded> apply() {
        ExperimentConfig config;
        try {
            config = form.config(ctx.session().config.get());
        } catch (LocusException e) {
            error.set(e.getMessage());
            ctx.message().accept(e.getMessage());
            return null;
        }
        return load(config);
    }

    /** Loads {@code config}'s data (the form follows once it is the session's). */
    public Job<DataLoader.Loaded> load(ExperimentConfig config) {
        error.set("");
        busy.set(true);
        Job<DataLoader.Loaded> job = DataLoader.load(ctx, config);
        // Added handlers: DataLoader's own onSucceeded puts the result in the session and must stay.
        job.addEventHandler(WorkerStateEvent.WORKER_STATE_SUCCEEDED, e -> busy.set(false));
        job.addEventHandler(WorkerStateEvent.WORKER_STATE_FAILED, e -> {
            busy.set(false);
            error.set(AppLog.userMessage(job.getException()));
        });
        job.addEventHandler(WorkerStateEvent.WORKER_STATE_CANCELLED, e -> busy.set(false));
        return job;
    }

    /** Scores every format on the forget and maintain facts with the loaded model, on the model thread. */
    public Job<List<FormatAccuracy>> scoreAccuracy() {
        LocusModel model = ctx.session().model.get();
        Dataset data = ctx.session().dataset.get();
        Split split = ctx.session().split.get();
        error.set("");
        scoring.set(true);
        Job<List<FormatAccuracy>> job = ctx.thread().submit("Accuracy before editing", r -> {
            if (model == null || data == null || split == null) {
                throw new LocusException("load a model and data first");
            }
            return score(model, data.formats(), split, r);
        });
        job.setOnSucceeded(e -> {
            scoring.set(false);
            accuracy.setAll(job.getValue());
        });
        job.setOnFailed(e -> {
            scoring.set(false);
            error.set(AppLog.userMessage(job.getException()));
        });
        job.setOnCancelled(e -> scoring.set(false));
        return job;
    }

    /** As {@code locus evaluate} scores, per format, on the split's forget and maintain facts; model thread. */
    static List<FormatAccuracy> score(LocusModel model, List<PromptFormat> formats, Split split, Job.Reporter r) {
        FormatScorer scorer = new FormatScorer(model);
        List<FormatAccuracy> rows = new ArrayList<>();
        List<Fact> maintain = split.maintain();
        int total = formats.size() * (maintain.isEmpty() ? 1 : 2);
        int done = 0;
        for (PromptFormat f : formats) {
            r.progress("scoring " + f.name(), done++, total);
            FormatScore forget = scorer.score(f, split.forget());
            r.checkCancelled();
            FormatScore kept = null;
            if (!maintain.isEmpty()) {
                r.progress("scoring " + f.name(), done++, total);
                kept = scorer.score(f, maintain);
                r.checkCancelled();
            }
            rows.add(new FormatAccuracy(f.name(), forget.prompts(), forget.accuracy(), forget.argmaxAccuracy(),
                    kept == null ? 0 : kept.prompts(), kept == null ? Double.NaN : kept.accuracy(),
                    kept == null ? Double.NaN : kept.argmaxAccuracy()));
        }
        r.progress("scored", total, total);
        return rows;
    }

    // ---- keeping in step with the session

    private void showSplit(Dataset d, Split split) {
        accuracy.clear();
        if (d == null || split == null) {
            attributes.clear();
            candidates.clear();
            forgetFacts.clear();
            warnings.clear();
            previewFact.set(null);
            previews.clear();
            return;
        }
        attributes.setAll(d.attributes());
        Set<String> all = new LinkedHashSet<>();
        for (Fact f : d.facts()) {
            all.addAll(f.candidates());
            if (all.size() >= 200) {
                break;
            }
        }
        candidates.setAll(all);
        forgetFacts.setAll(split.forget());
        warnings.setAll(split.warnings());
        Fact first = split.forget().isEmpty() ? null : split.forget().get(0);
        if (previewFact.get() == first) {
            renderPreviews();
        } else {
            previewFact.set(first);
        }
    }

    private void renderPreviews() {
        Fact fact = previewFact.get();
        Dataset d = ctx.session().dataset.get();
        if (fact == null || d == null) {
            previews.clear();
            return;
        }
        List<FormatPreview> out = new ArrayList<>();
        for (PromptFormat f : d.formats()) {
            try {
                List<Prompt> prompts = f.render(fact);
                dev.locus.model.LocusModel m = ctx.session().model.get();
                dev.locus.model.TextTokenizer tok = m == null ? null : m.tokenizer();
                dev.locus.data.ChatFormats.check(List.of(f), tok);
                out.add(new FormatPreview(f.name(), f.kind(), prompts,
                        prompts.isEmpty() ? "this fact has no " + f.name() + " texts" : null,
                        dev.locus.data.ChatFormats.note(f, tok)));
            } catch (LocusException e) {
                out.add(new FormatPreview(f.name(), f.kind(), List.of(), e.getMessage()));
            }
        }
        previews.setAll(out);
    }
}
