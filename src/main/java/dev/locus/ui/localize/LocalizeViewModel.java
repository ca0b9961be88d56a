package dev.locus.ui.localize;

import dev.locus.data.Dataset;
import dev.locus.data.PromptFormat;
import dev.locus.export.heatmap.Heatmap;
import dev.locus.export.heatmap.ScoreHeatmaps;
import dev.locus.localize.Localization;
import dev.locus.localize.Preset;
import dev.locus.localize.method.ComponentScores;
import dev.locus.localize.method.Corruption;
import dev.locus.localize.method.Metric;
import dev.locus.localize.method.PathPatching;
import dev.locus.localize.method.Probes;
import dev.locus.localize.select.Selection;
import dev.locus.localize.select.Strategies;
import dev.locus.model.LocusModel;
import dev.locus.ui.session.Session;
import dev.locus.ui.session.WorkbenchContext;
import dev.locus.ui.task.Job;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.concurrent.Worker;

/**
 * The Localize panel's state and actions: a method and its options (as {@code locus localize} takes them), a run on
 * the model thread, and the result shown as heatmaps and probe curves, with cells picked into the user's own
 * selection. No nodes; the panel binds to it.
 */
public final class LocalizeViewModel {
    /** The word for "the method's own default" in the corruption and metric choices. */
    public static final String DEFAULT = "default";
    public static final List<String> CORRUPTIONS = withDefault(Corruption.names());
    public static final List<String> METRICS = withDefault(Metric.names());

    private final WorkbenchContext ctx;
    private final Session session;

    public final StringProperty method = new SimpleStringProperty("attribution-patching");
    /** The preset the default options come from: paper or locus. */
    public final StringProperty preset = new SimpleStringProperty(Preset.PAPER.text());
    public final StringProperty corruption = new SimpleStringProperty(DEFAULT);
    /** Noise scale for the noise corruption: default (the preset's), 3sd, sqrt3sd or a number. */
    public final StringProperty noise = new SimpleStringProperty(DEFAULT);
    public final StringProperty metric = new SimpleStringProperty(DEFAULT);
    /** Attribution patching's gradient steps; 0: the preset's. */
    public final IntegerProperty igSteps = new SimpleIntegerProperty(0);
    public final IntegerProperty window = new SimpleIntegerProperty(1);
    /** Path patching's extraction heads. */
    public final IntegerProperty topHeads = new SimpleIntegerProperty(PathPatching.Options.defaults().topHeads());
    /** Use only the first n forget prompts; 0: all. */
    public final IntegerProperty prompts = new SimpleIntegerProperty(32);
    public final IntegerProperty seed = new SimpleIntegerProperty(0);
    public final BooleanProperty denoise = new SimpleBooleanProperty(false);
    public final BooleanProperty perPosition = new SimpleBooleanProperty(false);
    /** Heatmaps show the share of the clean-corrupted gap rather than the raw effect. */
    public final BooleanProperty normalized = new SimpleBooleanProperty(true);
    /** The site of the position heatmap: resid, mlp or attn. */
    public final StringProperty site = new SimpleStringProperty("resid");
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final ObjectBinding<Localization.Result> shown;
    private final BooleanBinding canRun;

    public LocalizeViewModel(WorkbenchContext ctx) {
        this.ctx = ctx;
        this.session = ctx.session();
        shown = Bindings.createObjectBinding(() -> session.localizations.get(method.get()), method, session.localizations);
        canRun = session.model.isNotNull().and(session.dataset.isNotNull()).and(session.split.isNotNull())
                .and(running.not());
    }

    /** The latest result of the chosen method, or null when it has not run on this model. */
    public ObjectBinding<Localization.Result> shown() {
        return shown;
    }

    public BooleanBinding canRun() {
        return canRun;
    }

    public BooleanProperty running() {
        return running;
    }

    /** Why Run is disabled, or null when it is not. */
    public String whyNotRunnable() {
        if (session.model.get() == null) {
            return "Open a model first (Model panel)";
        }
        if (session.dataset.get() == null || session.split.get() == null) {
            return "Load data and choose a forget set first (Data panel)";
        }
        return running.get() ? "A localization is running" : null;
    }

    /** The request the options make, as the localize command builds it. */
    public Localization.Request request() {
        Localization.Method m = Localization.Method.parse(method.get());
        Preset p = Preset.parse(preset.get());
        String kind = DEFAULT.equals(corruption.get()) ? p.corruption(m).text() : corruption.get();
        String scale = DEFAULT.equals(noise.get()) || noise.get() == null || noise.get().isBlank() ? p.noise() : noise.get();
        return Localization.Request.of(m).withPreset(p).withCorruption(Corruption.parse(kind, scale, seed.get()))
                .withMetric(DEFAULT.equals(metric.get()) ? null : Metric.parse(metric.get())).withDenoise(denoise.get())
                .withPerPosition(perPosition.get()).withIgSteps(Math.max(0, igSteps.get()))
                .withPathPatching(PathPatching.Options.defaults().withTopHeads(Math.max(1, topHeads.get())))
                .withWindow(Math.max(1, window.get())).withPrompts(Math.max(0, prompts.get())).withSeed(seed.get());
    }

    private static List<String> withDefault(List<String> names) {
        List<String> out = new java.util.ArrayList<>(List.of(DEFAULT));
        out.addAll(names);
        return List.copyOf(out);
    }

    /**
     * Runs the chosen method on the forget facts as a job. On success the result is the session's for this method,
     * its selections (flu, the method's OT ones, the baselines) join the session's, and FLU is shown when nothing
     * was.
     */
    public Job<Localization.Result> run() {
        LocusModel model = session.model.get();
        Dataset data = session.dataset.get();
        var split = session.split.get();
        if (model == null || data == null || split == null) {
            throw new IllegalStateException(whyNotRunnable());
        }
        Localization.Request request = request();
        // the config's edit format, or the dataset's standard (or first) one when it has no such format
        PromptFormat format = data.formatOr(session.config.get().editFormat());
        running.set(true);
        Job<Localization.Result> job = ctx.thread().submit(title(request), r -> Localization.run(model, data, format,
                split, request, (stage, done, total) -> r.progress(stage, done, total)));
        job.stateProperty().addListener((obs, old, state) -> {
            if (state == Worker.State.FAILED || state == Worker.State.CANCELLED) {
                running.set(false);
            }
        });
        job.setOnSucceeded(e -> {
            running.set(false);
            if (session.model.get() != model) {
                return;   // another model was opened meanwhile: these components are not its own
            }
            apply(job.getValue());
        });
        return job;
    }

    private void apply(Localization.Result result) {
        session.localizations.put(result.request().method().text(), result);
        for (Map.Entry<String, Selection> e : result.selections().entrySet()) {
            session.selections.put(e.getKey(), e.getValue());
        }
        // A selection shown or compared under a name just recomputed is shown as recomputed.
        Selection now = session.selection.get();
        if (now == null) {
            session.selection.set(result.selections().get(Strategies.FLU));
        } else if (result.selections().containsKey(now.strategy())) {
            session.selection.set(result.selections().get(now.strategy()));
        }
        Selection other = session.comparison.get();
        if (other != null && result.selections().containsKey(other.strategy())) {
            session.comparison.set(result.selections().get(other.strategy()));
        }
        ctx.message().accept(summary(result));
    }

    private static String title(Localization.Request r) {
        return "Localize: " + r.method().text() + (r.prompts() > 0 ? " (" + r.prompts() + " prompts)" : "");
    }

    /** One line about a result: method, prompts, clean and corrupted metric, FLU. */
    public static String summary(Localization.Result r) {
        ComponentScores s = r.scores();
        Selection flu = r.selections().get(Strategies.FLU);
        String fluText = flu == null ? "" : "; FLU " + String.join(" ", flu.components().ids());
        if (s == null) {
            return "Probes on " + r.request().method().text() + fluText;
        }
        return String.format(Locale.ROOT, "%s on %d prompts: metric %s clean %.3f, corrupted %.3f%s", s.method(),
                r.prompts(), s.metric().text(), s.clean(), s.corrupted(), fluText);
    }

    /** The component heatmap of the shown result, or null when it has no scores. */
    public Heatmap componentHeatmap() {
        Localization.Result r = shown.get();
        return r == null || r.scores() == null ? null : ScoreHeatmaps.componentHeatmap(r.scores(), normalized.get());
    }

    /**
     * The result whose per-position effects are drawn: the shown one when it has them, else this session's causal
     * tracing, so that switching to another method keeps the tracing heatmap in view.
     */
    public Localization.Result positionResult() {
        Localization.Result r = shown.get();
        if (r != null && r.scores() != null && !r.scores().positions().isEmpty()) {
            return r;
        }
        Localization.Result ct = session.localizations.get("causal-tracing");
        return ct != null && ct.scores() != null && !ct.scores().positions().isEmpty() ? ct : null;
    }

    /** The layer x position heatmap of {@link #positionResult} at {@link #site}, or null when there is none. */
    public Heatmap positionHeatmap() {
        Localization.Result r = positionResult();
        if (r == null) {
            return null;
        }
        List<String> sites = ScoreHeatmaps.positionSites(r.scores());
        String s = sites.contains(site.get()) ? site.get() : sites.get(0);
        return ScoreHeatmaps.positionHeatmap(r.scores(), s, normalized.get());
    }

    /** The sites the shown result has position effects for. */
    public List<String> positionSites() {
        Localization.Result r = positionResult();
        return r == null ? List.of() : ScoreHeatmaps.positionSites(r.scores());
    }

    /** Probe rows of the shown result, or of any result that has them. */
    public List<Probes.Row> probeRows() {
        Localization.Result r = shown.get();
        if (r != null && !r.probes().isEmpty()) {
            return r.probes();
        }
        return session.localizations.values().stream().filter(x -> !x.probes().isEmpty()).map(Localization.Result::probes)
                .findFirst().orElse(List.of());
    }

    /** A click on a component's cell: it joins or leaves the user's selection, which becomes the one shown. */
    public void toggle(String component) {
        LocusModel model = session.model.get();
        if (model != null) {
            use(HandSelection.toggle(model.components(), session.selection.get(), component));
        }
    }

    /** A dragged rectangle: its components become the user's selection, or join it when {@code add}. */
    public void selectCells(List<String> components, boolean add) {
        LocusModel model = session.model.get();
        if (model != null && !components.isEmpty()) {
            use(HandSelection.rectangle(model.components(), session.selection.get(), components, add));
        }
    }

    private void use(Selection custom) {
        session.selections.put(HandSelection.NAME, custom);
        session.selection.set(custom);
    }
}
