package dev.locus.ui.select;

import dev.locus.core.LocusException;
import dev.locus.localize.Localization;
import dev.locus.localize.method.ComponentScores;
import dev.locus.localize.method.Probes;
import dev.locus.localize.select.MaskFiles;
import dev.locus.localize.select.Selection;
import dev.locus.localize.select.Strategies;
import dev.locus.model.LocusModel;
import dev.locus.model.component.Component;
import dev.locus.model.component.ComponentCatalog;
import dev.locus.model.component.ComponentSet;
import dev.locus.ui.session.Session;
import dev.locus.ui.session.WorkbenchContext;
import dev.locus.ui.task.Job;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.MapChangeListener;
import javafx.collections.ObservableList;

/**
 * The Select panel's state and actions: the session's selections as a list, the strategies that make more of them
 * (FLU from probes or by hand, OT from a method's scores, the baselines), a comparison of two selections, and mask
 * files. Strategies read only the model's component catalog (no tensors), so they run here on the JavaFX thread;
 * mask files are read and written on the model thread, since a safetensors mask of a large model is large.
 */
public final class SelectViewModel {
    /** Strategies the panel offers, in the order it lists them. */
    public static final String FLU_AUTO = "flu (from probes)";
    /** The name of a selection picked by hand, as the Localize panel's heatmap picks name it. */
    public static final String CUSTOM = "custom";
    public static final String FLU_LAYERS = "flu (MLP layers by hand)";
    public static final String OT = "OT from a method";
    public static final String OT_MLPS = "OT from a method, MLPs only";
    public static final List<String> STRATEGIES = List.of(FLU_AUTO, FLU_LAYERS, OT, OT_MLPS, Strategies.RANDOM,
            Strategies.RANDOM_MLPS, Strategies.ALL_MLPS, Strategies.NONLOCALIZED);

    private final WorkbenchContext ctx;
    private final Session session;
    private final ObservableList<Selection> selections = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper();

    public SelectViewModel(WorkbenchContext ctx) {
        this.ctx = ctx;
        this.session = ctx.session();
        session.selections.addListener((MapChangeListener<String, Selection>) c -> selections.setAll(session.selections.values()));
        selections.setAll(session.selections.values());
    }

    /** The session's selections, in the order they were made (JavaFX thread). */
    public ObservableList<Selection> selections() {
        return selections;
    }

    /** The last strategy error shown to the user (null after a success). */
    public ReadOnlyStringProperty error() {
        return error.getReadOnlyProperty();
    }

    /** Shows {@code s}: it is drawn over the heatmaps and edits run on it. */
    public void choose(Selection s) {
        session.selection.set(s);
    }

    /** FLU from the probe curve on the subject alone of any localization run on this model. */
    public Selection fluFromProbes() {
        return make(() -> {
            List<Probes.Row> rows = session.localizations.values().stream().filter(r -> !r.probes().isEmpty())
                    .map(Localization.Result::probes).findFirst().orElseThrow(() -> new LocusException(
                            "FLU from probes needs a localization run first (any method, or probes, in the Localize panel);"
                                    + " or give the MLP layers by hand"));
            return Strategies.flu(catalog(), Probes.curve(rows, Probes.SUBJECT, Probes.SUBJECT_LAST),
                    Strategies.FluRule.defaults());
        });
    }

    /** FLU as MLP layers {@code from}-{@code to} given by hand. */
    public Selection fluLayers(int from, int to) {
        return make(() -> {
            int layers = model().config().nLayers();
            if (from < 0 || to < from || to >= layers) {
                throw new LocusException("MLP layers " + from + "-" + to + " are not a range of this model's layers 0-"
                        + (layers - 1));
            }
            return Strategies.fluLayers(catalog(), from, to);
        });
    }

    /** OT: the layers {@code method} scored highest, spending FLU's parameter count by the paper's prefix rule. */
    public Selection ot(String method, boolean mlpsOnly) {
        return ot(method, mlpsOnly, Strategies.BudgetRule.PREFIX);
    }

    /** OT: the layers {@code method} scored highest, spending FLU's parameter count by {@code rule}. */
    public Selection ot(String method, boolean mlpsOnly, Strategies.BudgetRule rule) {
        return make(() -> {
            Localization.Result r = session.localizations.get(method);
            ComponentScores scores = r == null ? null : r.scores();
            if (scores == null) {
                throw new LocusException("OT from " + method + " needs its scores: run " + method + " in the Localize panel");
            }
            return Strategies.ot(method + (mlpsOnly ? "-mlps" : ""), catalog(), scores, fluBudget("OT"), mlpsOnly, rule);
        });
    }

    /** A baseline the paper's way: random single matrices crossing FLU's budget, random-mlps, all-mlps or nonlocalized. */
    public Selection baseline(String strategy, long seed) {
        return baseline(strategy, seed, Strategies.RandomUnits.MATRICES, Strategies.BudgetRule.PREFIX);
    }

    /**
     * A baseline: random ({@code units} spending FLU's budget by {@code rule}), random-mlps (as many MLP layers as
     * FLU), all-mlps or nonlocalized.
     */
    public Selection baseline(String strategy, long seed, Strategies.RandomUnits units, Strategies.BudgetRule rule) {
        return make(() -> switch (strategy) {
            case Strategies.ALL_MLPS -> Strategies.allMlps(catalog());
            case Strategies.NONLOCALIZED -> Strategies.nonlocalized(catalog());
            case Strategies.RANDOM, Strategies.RANDOM_MLPS -> Localization.baselines(catalog(), flu(strategy), seed,
                    new Localization.Rules(null, rule, units)).get(strategy);
            default -> throw new LocusException("no baseline '" + strategy + "'");
        });
    }

    /** The matrices of a layer this model has, by TransformerLens name ({@code W_Q} ... {@code W_out}). */
    public List<String> matrices() {
        LocusModel m = session.model.get();
        return m == null ? List.of() : m.components().all().stream().filter(c -> c.layer() == 0 && c.kind().isMatrix())
                .map(c -> c.kind().matrixName()).toList();
    }

    /**
     * The selection shown with matrix {@code name} of {@code layer} ({@code L3.attn.W_Q}) added, or removed when it
     * is in: the user's own "custom" selection (as a pick on the heatmap makes it), with the model's count of it.
     */
    public Selection toggleMatrix(int layer, String name) {
        return make(() -> {
            Component.Kind kind = Component.Kind.matrices().stream().filter(k -> k.matrixName().equals(name)).findFirst()
                    .orElseThrow(() -> new LocusException("no matrix '" + name + "'"));
            String id = Component.matrixId(layer, kind);
            catalog().get(id);
            Selection shown = session.selection.get();
            Set<String> ids = new LinkedHashSet<>(shown == null ? List.of() : shown.components().ids());
            if (!ids.remove(id)) {
                ids.add(id);
            }
            List<String> ordered = catalog().all().stream().map(Component::id).filter(ids::contains).toList();
            ComponentSet set = ComponentSet.of(catalog(), ordered);
            return new Selection(CUSTOM, set, set.parameterCount(catalog()), "picked by hand", java.util.Map.of());
        });
    }

    /** Methods with component scores in this session, for OT. */
    public List<String> scoredMethods() {
        return session.localizations.entrySet().stream().filter(e -> e.getValue().scores() != null)
                .map(java.util.Map.Entry::getKey).sorted().toList();
    }

    private long fluBudget(String what) {
        return flu(what).parameterCount();
    }

    private Selection flu(String what) {
        Selection flu = session.selections.get(Strategies.FLU);
        if (flu == null) {
            throw new LocusException(what + " spends FLU's parameter count: make FLU first (from probes or by hand)");
        }
        return flu;
    }

    /** Runs a strategy; its selection joins the session's and is shown, or its error is the one message. */
    private Selection make(Supplier<Selection> strategy) {
        try {
            if (session.model.get() == null) {
                throw new LocusException("open a model first");
            }
            Selection s = strategy.get();
            session.selections.put(s.strategy(), s);
            session.selection.set(s);
            error.set(null);
            return s;
        } catch (LocusException e) {
            error.set(e.getMessage());
            ctx.message().accept(e.getMessage());
            return null;
        }
    }

    private LocusModel model() {
        return session.model.get();
    }

    private ComponentCatalog catalog() {
        return model().components();
    }

    /**
     * Two selections side by side, component by component (a layer's whole attention counts as one component).
     *
     * @param jaccard shared components over the components of either
     */
    public record Comparison(Selection a, Selection b, List<String> shared, List<String> onlyA, List<String> onlyB,
            long sharedParameters, double jaccard) {
        /** One line for the panel. */
        public String summary() {
            return String.format(Locale.ROOT, "%d shared (%,d parameters), %d only in %s, %d only in %s; Jaccard %.2f",
                    shared.size(), sharedParameters, onlyA.size(), a.strategy(), onlyB.size(), b.strategy(), jaccard);
        }
    }

    /** Membership of one grid cell in a comparison. */
    public enum Membership { NONE, ONLY_A, ONLY_B, BOTH }

    /** The grid's columns per layer: the whole attention, any of its heads, the MLP. */
    public static final List<String> GRID_COLUMNS = List.of("attn", "heads", "mlp");

    /** Compares {@code a} and {@code b} on the loaded model. */
    public Comparison compare(Selection a, Selection b) {
        Set<String> inA = new LinkedHashSet<>(a.components().ids());
        Set<String> inB = new LinkedHashSet<>(b.components().ids());
        List<String> shared = new ArrayList<>();
        List<String> onlyA = new ArrayList<>();
        for (String id : inA) {
            (inB.contains(id) ? shared : onlyA).add(id);
        }
        List<String> onlyB = inB.stream().filter(id -> !inA.contains(id)).toList();
        int union = shared.size() + onlyA.size() + onlyB.size();
        long sharedParameters = shared.isEmpty() ? 0 : ComponentSet.of(catalog(), shared).parameterCount(catalog());
        return new Comparison(a, b, shared, onlyA, List.copyOf(onlyB), sharedParameters,
                union == 0 ? 1.0 : (double) shared.size() / union);
    }

    /** Whether layer {@code layer}'s {@code column} (one of {@link #GRID_COLUMNS}) is in a, b, both or neither. */
    public static Membership membership(Comparison c, int layer, String column) {
        boolean a = covers(c.a(), layer, column);
        boolean b = covers(c.b(), layer, column);
        return a && b ? Membership.BOTH : a ? Membership.ONLY_A : b ? Membership.ONLY_B : Membership.NONE;
    }

    private static boolean covers(Selection s, int layer, String column) {
        for (Component c : s.components().components()) {
            if (c.layer() == layer && switch (column) {
                // a single matrix counts for its block: the comparison is by layer and block
                case "attn" -> c.kind() == Component.Kind.ATTN || c.kind().isMatrix() && c.kind().isAttention();
                case "heads" -> c.kind() == Component.Kind.HEAD;
                default -> c.kind() == Component.Kind.MLP || c.kind().isMatrix() && !c.kind().isAttention();
            }) {
                return true;
            }
        }
        return false;
    }

    /**
     * Saves {@code s} as a mask: safetensors when the name ends in {@code .safetensors}, JSON when in {@code .json}.
     * Refuses the model's own folder, which Locus never writes into.
     */
    public Job<Path> saveMask(Path file, Selection s) {
        LocusModel model = model();
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean safetensors = name.endsWith(".safetensors");
        if (!safetensors && !name.endsWith(".json")) {
            throw new LocusException(file.getFileName() + ": a mask file ends in .json or .safetensors");
        }
        Path folder = session.modelFolder.get();
        if (folder != null && file.toAbsolutePath().normalize().startsWith(folder.toAbsolutePath().normalize())) {
            throw new LocusException(file + ": Locus does not write into the model's folder; choose another");
        }
        Job<Path> job = ctx.thread().submit("Save mask " + file.getFileName(), r -> {
            r.progress("writing " + file.getFileName(), 0, 1);
            if (safetensors) {
                MaskFiles.writeSafetensors(file, s, model);
            } else {
                MaskFiles.writeJson(file, s, model);
            }
            return file;
        });
        job.setOnSucceeded(e -> ctx.message().accept("Saved mask " + s.strategy() + " to " + file));
        return job;
    }

    /**
     * Loads a mask (JSON or safetensors by its name) checked against the loaded model; it joins the session's
     * selections under its strategy and is shown. A mask of another model fails the job with its one-line reason.
     */
    public Job<Selection> loadMask(Path file) {
        LocusModel model = model();
        if (model == null) {
            throw new LocusException("open a model first: a mask is checked against the model it is for");
        }
        boolean safetensors = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".safetensors");
        Job<Selection> job = ctx.thread().submit("Load mask " + file.getFileName(), r -> {
            r.progress("reading " + file.getFileName(), 0, 1);
            return safetensors ? MaskFiles.readSafetensors(file, model) : MaskFiles.readJson(file, model);
        });
        job.setOnSucceeded(e -> {
            if (session.model.get() != model) {
                return;
            }
            Selection s = job.getValue();
            session.selections.put(s.strategy(), s);
            session.selection.set(s);
            ctx.message().accept("Loaded mask " + s.strategy() + " from " + file.getFileName());
        });
        return job;
    }
}
