package dev.locus.ui.data;

import dev.locus.core.LocusException;
import dev.locus.data.Dataset;
import dev.locus.data.Fact;
import dev.locus.data.ForgetSpec;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
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

    /** Where the facts come from. */
    public enum Source {
        BUNDLED("Sports World (bundled)"), SPORTS_CSV("Sports Facts CSV"), COUNTERFACT("CounterFact JSON");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** How the forget set is chosen ({@link ForgetSpec}). */
    public enum ForgetKind {
        FIRST("First N facts"), RANDOM("N facts at random"), ATTRIBUTE("Every fact with one attribute");

        private final String label;

        ForgetKind(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** What an edit aims the forget facts at ({@link ExperimentConfig#editTarget()}). */
    public enum TargetKind {
        RANDOM("A random other attribute", ExperimentConfig.TARGET_RANDOM),
        NONE("None: unlearn only", ExperimentConfig.TARGET_NONE),
        DATA("The dataset's own edit targets", ExperimentConfig.TARGET_DATA),
        NAMED("One attribute for every fact", null);

        private final String label;
        private final String keyword;

        TargetKind(String label, String keyword) {
            this.label = label;
            this.keyword = keyword;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** One format rendered for the preview fact: its prompts with answers, or why the fact does not fit it. */
    public record FormatPreview(String format, PromptFormat.Kind kind, List<Prompt> prompts, String problem) {
    }

    /** The model's accuracy on one format before editing, on the forget and the maintain facts. */
    public record FormatAccuracy(String format, int forgetPrompts, double forgetAccuracy, double forgetProbability,
            int maintainPrompts, double maintainAccuracy, double maintainProbability) {
    }

    private final WorkbenchContext ctx;

    // The form.
    private final ObjectProperty<Source> source = new SimpleObjectProperty<>(Source.BUNDLED);
    private final StringProperty dataFile = new SimpleStringProperty("");
    private final StringProperty questionsFile = new SimpleStringProperty("");
    private final ObjectProperty<ForgetKind> forgetKind = new SimpleObjectProperty<>(ForgetKind.RANDOM);
    private final IntegerProperty forgetCount = new SimpleIntegerProperty(64);
    private final IntegerProperty forgetSeed = new SimpleIntegerProperty(0);
    private final StringProperty forgetAttribute = new SimpleStringProperty("");
    private final ObjectProperty<TargetKind> targetKind = new SimpleObjectProperty<>(TargetKind.RANDOM);
    private final StringProperty targetAttribute = new SimpleStringProperty("");

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
        s.config.addListener((obs, old, c) -> readConfig(c));
        s.split.addListener((obs, old, split) -> showSplit(s.dataset.get(), split));
        s.model.addListener((obs, old, m) -> accuracy.clear());
        previewFact.addListener((obs, old, f) -> renderPreviews());
        // CounterFact facts carry their own target (target_new), and a random other attribute rarely is one of a
        // fact's two candidates; so picking CounterFact suggests the data's own targets.
        source.addListener((obs, old, src) -> {
            if (src == Source.COUNTERFACT && targetKind.get() == TargetKind.RANDOM) {
                targetKind.set(TargetKind.DATA);
            }
        });
        readConfig(s.config.get());
        showSplit(s.dataset.get(), s.split.get());
    }

    // ---- the form

    public ObjectProperty<Source> source() {
        return source;
    }

    public StringProperty dataFile() {
        return dataFile;
    }

    public StringProperty questionsFile() {
        return questionsFile;
    }

    public ObjectProperty<ForgetKind> forgetKind() {
        return forgetKind;
    }

    public IntegerProperty forgetCount() {
        return forgetCount;
    }

    public IntegerProperty forgetSeed() {
        return forgetSeed;
    }

    public StringProperty forgetAttribute() {
        return forgetAttribute;
    }

    public ObjectProperty<TargetKind> targetKind() {
        return targetKind;
    }

    public StringProperty targetAttribute() {
        return targetAttribute;
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
     * The session's config with this form's data, forget set and edit target; a LocusException says what in the form
     * is wrong (no file chosen, a count below 1, no attribute named).
     */
    public ExperimentConfig buildConfig() {
        ExperimentConfig c = ctx.session().config.get();
        String data;
        String questions = null;
        switch (source.get()) {
            case BUNDLED -> data = ExperimentConfig.DEMO;
            case SPORTS_CSV -> data = requireFile(dataFile.get(), "a Sports Facts CSV file");
            default -> {
                data = requireFile(dataFile.get(), "a CounterFact JSON file");
                String q = questionsFile.get() == null ? "" : questionsFile.get().strip();
                questions = q.isEmpty() ? null : Path.of(q).toAbsolutePath().toString();
            }
        }
        // A format file is written for one kind of data; it goes when the data does.
        String formatFile = data.equals(c.data()) ? c.formatFile() : null;
        ForgetSpec forget = switch (forgetKind.get()) {
            case FIRST -> ForgetSpec.first(positive(forgetCount.get()));
            case RANDOM -> ForgetSpec.random(positive(forgetCount.get()), forgetSeed.get());
            case ATTRIBUTE -> {
                String a = forgetAttribute.get() == null ? "" : forgetAttribute.get().strip();
                if (a.isEmpty()) {
                    throw new LocusException("choose the attribute whose facts to forget (e.g. basketball)");
                }
                yield ForgetSpec.attribute(a);
            }
        };
        String target = targetKind.get().keyword;
        if (target == null) {
            target = targetAttribute.get() == null ? "" : targetAttribute.get().strip();
            if (target.isEmpty()) {
                throw new LocusException("name the attribute every forget fact is edited to (e.g. golf)");
            }
        }
        ExperimentConfig next = c.withData(data, questions, formatFile).withForget(forget, target);
        return formatFile == null ? FormatFit.fit(next, FormatFit.namesFor(data, questions)) : next;
    }

    /**
     * Makes the form the session's data: loads it on the model thread; on success the session holds the new config,
     * dataset and split. A form that makes no sense fails at once, with the same one-line message as a failed load.
     */
    public Job<DataLoader.Loaded> apply() {
        ExperimentConfig config;
        try {
            config = buildConfig();
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
            rows.add(new FormatAccuracy(f.name(), forget.prompts(), forget.accuracy(), forget.meanProbability(),
                    kept == null ? 0 : kept.prompts(), kept == null ? Double.NaN : kept.accuracy(),
                    kept == null ? Double.NaN : kept.meanProbability()));
        }
        r.progress("scored", total, total);
        return rows;
    }

    // ---- keeping in step with the session

    /** Sets the form from {@code c} (at start, after a load, when a workspace replaces the config). */
    private void readConfig(ExperimentConfig c) {
        if (c == null) {
            return;
        }
        if (ExperimentConfig.DEMO.equals(c.data())) {
            source.set(Source.BUNDLED);
        } else {
            source.set(c.data().toLowerCase(Locale.ROOT).endsWith(".json") ? Source.COUNTERFACT : Source.SPORTS_CSV);
            dataFile.set(c.data());
        }
        questionsFile.set(c.questions() == null ? "" : c.questions());
        ForgetSpec spec = c.forget();
        if (spec instanceof ForgetSpec.First f) {
            forgetKind.set(ForgetKind.FIRST);
            forgetCount.set(f.n());
        } else if (spec instanceof ForgetSpec.RandomSample r) {
            forgetKind.set(ForgetKind.RANDOM);
            forgetCount.set(r.n());
            forgetSeed.set((int) r.seed());
        } else if (spec instanceof ForgetSpec.WithAttribute a) {
            forgetKind.set(ForgetKind.ATTRIBUTE);
            forgetAttribute.set(a.value());
        }
        String t = c.editTarget();
        TargetKind kind = TargetKind.NAMED;
        for (TargetKind k : TargetKind.values()) {
            if (t.equals(k.keyword)) {
                kind = k;
            }
        }
        targetKind.set(kind);
        if (kind == TargetKind.NAMED) {
            targetAttribute.set(t);
        }
    }

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
                out.add(new FormatPreview(f.name(), f.kind(), prompts,
                        prompts.isEmpty() ? "this fact has no " + f.name() + " texts" : null));
            } catch (LocusException e) {
                out.add(new FormatPreview(f.name(), f.kind(), List.of(), e.getMessage()));
            }
        }
        previews.setAll(out);
    }

    private static String requireFile(String file, String what) {
        String f = file == null ? "" : file.strip();
        if (f.isEmpty()) {
            throw new LocusException("choose " + what + " first (Browse...)");
        }
        return Path.of(f).toAbsolutePath().toString();
    }

    private static int positive(int n) {
        if (n < 1) {
            throw new LocusException("the forget set needs at least 1 fact, got " + n);
        }
        return n;
    }
}
