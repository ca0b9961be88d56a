package dev.locus.ui.localize;

import dev.locus.export.CurveCharts;
import dev.locus.export.heatmap.Heatmap;
import dev.locus.export.heatmap.HeatmapCharts;
import dev.locus.localize.Localization;
import dev.locus.localize.Preset;
import dev.locus.localize.method.Probes;
import dev.locus.localize.select.Selection;
import dev.locus.ui.circuit.CircuitPane;
import dev.locus.ui.controls.ChartPane;
import dev.locus.ui.controls.Menus;
import dev.locus.ui.controls.Spinners;
import dev.locus.ui.controls.Widgets;
import dev.locus.ui.session.ViewPanel;
import dev.locus.ui.session.WorkbenchContext;
import java.util.List;
import java.util.Locale;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * Localize: choose a method and its options, run it on the forget facts as a job, and read where the fact is kept
 * from a heatmap of component scores, causal tracing's layer x position heatmap and the probe curves. Cells of the
 * component heatmap are picked into the user's own selection by click or drag.
 */
public final class LocalizePanel extends ViewPanel<LocalizeViewModel> {
    static final KeyCombination RUN_KEY = new KeyCodeCombination(KeyCode.L, KeyCombination.SHORTCUT_DOWN);
    /** Ids of the probe chart and the causal-tracing position heatmap (the guided tour points at them). */
    public static final String PROBES_ID = "localize-probes";
    public static final String POSITIONS_ID = "localize-positions";

    private final StackPane componentsHolder = new StackPane();
    private final StackPane positionsHolder = new StackPane();
    private final StackPane probesHolder = new StackPane();
    private HeatmapView components;
    private HeatmapView positions;
    private ChartPane probes;
    private CircuitPane circuit;
    private final Label summary = new Label();
    private final Label selectionLine = new Label();
    private final ComboBox<String> site = new ComboBox<>();
    private TabPane tabs;

    public LocalizePanel(WorkbenchContext context) {
        super(context, new LocalizeViewModel(context));
    }


    @Override
    public String title() {
        return "Localize";
    }

    @Override
    public String purpose() {
        return "Causal tracing, patching and probes: where is the fact?";
    }

    @Override
    public List<MenuItem> runMenu() {
        MenuItem run = Menus.item("Run localization", "Run the chosen localization method on the forget facts",
                RUN_KEY, this::run);
        run.disableProperty().bind(vm.canRun().not());
        return Menus.items(run);
    }


    @Override
    protected Node build() {

        ScrollPane options = new ScrollPane(options());
        options.setFitToWidth(true);
        options.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        options.setMinWidth(290);
        options.setPrefWidth(310);
        options.getStyleClass().add("edge-to-edge");
        // Presenting, the results take the width; the method runs from Run > Run localization (or normal mode).
        Widgets.showWhen(ctx.session().presentation.not(), options);

        tabs = new TabPane(tab("Components", componentsHolder,
                        "Score of every head and MLP by layer; click or drag to pick components"),
                tab("Positions", positionsTab(), "Causal tracing: the effect of restoring a layer at each token position"),
                tab("Probes", probesHolder, "Probe accuracy per layer: where the fact becomes readable (FLU)"),
                tab("Circuit", circuit = new CircuitPane(ctx, ids -> vm.selectCells(ids, true)),
                        "Edges between heads and MLPs: find a circuit (EAP, EAP-IG, edge patching), explore it, save it"));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        VBox.setVgrow(tabs, Priority.ALWAYS);
        summary.setWrapText(true);
        summary.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // wrapped whole, the tabs give way
        summary.setTooltip(new Tooltip("What the shown localization found"));
        selectionLine.getStyleClass().add("hint");
        selectionLine.setTooltip(new Tooltip("The selection drawn over the heatmap (solid) and the one compared with it "
                + "(dashed); choose them in the Select panel"));
        ToggleButton normalized = new ToggleButton("Normalized");
        normalized.selectedProperty().bindBidirectional(vm.normalized);
        normalized.setMinWidth(Region.USE_PREF_SIZE);
        normalized.setTooltip(new Tooltip("Show each score as its share of the clean-corrupted gap (on) or the raw "
                + "effect on the metric (off)"));
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox resultBar = new HBox(10, summary, grow, normalized);
        resultBar.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(summary, Priority.SOMETIMES);
        VBox results = new VBox(8, resultBar, tabs, selectionLine);
        results.getStyleClass().add("card");
        HBox.setHgrow(results, Priority.ALWAYS);

        HBox body = new HBox(12, options, results);
        VBox.setVgrow(body, Priority.ALWAYS);
        VBox root = Widgets.panel("Localize",
                "Where does the model keep the forget facts? Score every head and MLP, then pick "
                + "components by strategy or by hand.");
        root.getChildren().addAll(body);

        for (Observable o : List.<Observable>of(vm.shown(), vm.normalized, vm.site)) {
            o.addListener(x -> refreshCharts());
        }
        ctx.session().selection.addListener(x -> refreshOutlines());
        ctx.session().comparison.addListener(x -> refreshOutlines());
        ctx.session().localizations.addListener((javafx.collections.MapChangeListener<String, Localization.Result>) c ->
                refreshProbes());
        refreshCharts();
        return root;
    }

    private static Tab tab(String text, Node content, String tip) {
        Tab t = new Tab(text, content);
        t.setTooltip(new Tooltip(tip));
        return t;
    }

    private Node positionsTab() {
        site.setTooltip(new Tooltip("What causal tracing restored at each layer and position: the residual stream, "
                + "the MLP output or the attention output"));
        site.valueProperty().addListener((obs, old, v) -> {
            if (v != null) {
                vm.site.set(v);
            }
        });
        Label siteLabel = new Label("Site");
        HBox bar = new HBox(8, siteLabel, site);
        bar.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(6, bar, positionsHolder);
        VBox.setVgrow(positionsHolder, Priority.ALWAYS);
        box.setPadding(new Insets(6, 0, 0, 0));
        return box;
    }

    private Node options() {
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(8);
        int row = 0;
        ComboBox<String> method = combo(Localization.Method.names(), vm.method.get(),
                "causal-tracing: restore clean states into a corrupted run (ROME); activation-patching: exact patching "
                        + "of each component; attribution-patching: its gradient estimate, fast; path-patching: heads' "
                        + "direct effect on the logits, then MLPs into the earliest extraction layer (finds FLU); "
                        + "probes: linear probes per layer only");
        method.valueProperty().bindBidirectional(vm.method);
        g.addRow(row++, label("Method"), method);
        ComboBox<String> preset = combo(Preset.names(), vm.preset.get(), "What 'default' options mean: paper (the "
                + "paper's code: random ASCII subject tokens, plain attribution patching, causal tracing with sqrt(3 sd) "
                + "per-prompt noise scored by full-vocabulary P(answer)) or locus (subject swap, 2 IG steps, 3 sd noise, "
                + "indirect effect on P(answer) among the candidates)");
        preset.valueProperty().bindBidirectional(vm.preset);
        g.addRow(row++, label("Preset"), preset);
        ComboBox<String> corruption = combo(LocalizeViewModel.CORRUPTIONS, vm.corruption.get(),
                "How the subject is corrupted: default is the preset's: noise for causal tracing, random-ascii (paper) "
                        + "or subject-swap (locus) otherwise");
        corruption.valueProperty().bindBidirectional(vm.corruption);
        g.addRow(row++, label("Corruption"), corruption);
        TextField noise = new TextField();
        noise.textProperty().bindBidirectional(vm.noise);
        noise.setTooltip(new Tooltip("Noise std: default (the preset's), 3sd (ROME, of all subject embeddings), sqrt3sd "
                + "(the paper's code, of each prompt's subject embeddings) or a number"));
        Label noiseLabel = label("Noise");
        var noiseShown = Bindings.createBooleanBinding(() -> "noise".equals(vm.corruption.get())
                || LocalizeViewModel.DEFAULT.equals(vm.corruption.get()) && "causal-tracing".equals(vm.method.get()),
                vm.corruption, vm.method);
        Widgets.showWhen(noiseShown, noise, noiseLabel);
        g.addRow(row++, noiseLabel, noise);
        ComboBox<String> metric = combo(LocalizeViewModel.METRICS, vm.metric.get(),
                "What a patch is scored on: default is the preset's: for causal tracing full-vocab-prob (paper) or prob "
                        + "(locus), logit-diff otherwise");
        metric.valueProperty().bindBidirectional(vm.metric);
        g.addRow(row++, label("Metric"), metric);
        Spinner<Integer> ig = Spinners.bound(0, 64, vm.igSteps, "Attribution patching: gradient steps; 0 is the preset's "
                + "(paper 1, locus 2), 1 is plain attribution patching, more integrate gradients between corrupted and clean");
        ig.setMaxWidth(Double.MAX_VALUE);
        Label igLabel = label("IG steps");
        Widgets.showWhen(vm.method.isEqualTo("attribution-patching"), ig, igLabel);
        g.addRow(row++, igLabel, ig);
        Spinner<Integer> window = Spinners.bound(1, 64, vm.window, "Causal tracing: layers restored together for the mlp and "
                + "attn heatmaps (ROME: 10)");
        window.setMaxWidth(Double.MAX_VALUE);
        Label windowLabel = label("CT window");
        Widgets.showWhen(vm.method.isEqualTo("causal-tracing"), window, windowLabel);
        g.addRow(row++, windowLabel, window);
        Spinner<Integer> heads = Spinners.bound(1, 4096, vm.topHeads, "Path patching: extraction heads, the top N by "
                + "direct effect on the logits (the paper: 10)");
        heads.setMaxWidth(Double.MAX_VALUE);
        Label headsLabel = label("Top heads");
        Widgets.showWhen(vm.method.isEqualTo("path-patching"), heads, headsLabel);
        g.addRow(row++, headsLabel, heads);
        Spinner<Integer> prompts = Spinners.bound(0, 100_000, vm.prompts, "Use only the first N forget prompts (0: all); "
                + "fewer is faster");
        prompts.setMaxWidth(Double.MAX_VALUE);
        g.addRow(row++, label("Prompts"), prompts);
        Spinner<Integer> seed = Spinners.bound(0, 1_000_000, vm.seed, "Seed of the corruption and of the random selections");
        seed.setMaxWidth(Double.MAX_VALUE);
        g.addRow(row++, label("Seed"), seed);
        CheckBox denoise = new CheckBox("Denoise");
        denoise.selectedProperty().bindBidirectional(vm.denoise);
        denoise.setTooltip(new Tooltip("Activation patching: restore clean activations into the corrupted run "
                + "(off: corrupt one activation of the clean run)"));
        CheckBox perPosition = new CheckBox("Per position");
        perPosition.selectedProperty().bindBidirectional(vm.perPosition);
        perPosition.setTooltip(new Tooltip("Activation patching: also patch each component at each token position "
                + "(fills the Positions tab; slower)"));
        Widgets.showWhen(vm.method.isEqualTo("activation-patching"), denoise, perPosition);
        g.add(denoise, 0, row++, 2, 1);
        g.add(perPosition, 0, row++, 2, 1);

        Button run = new Button("Run localization");
        run.getStyleClass().add("primary");
        run.setMaxWidth(Double.MAX_VALUE);
        run.setTooltip(new Tooltip("Run the method on the forget facts as a background job (Ctrl+L); the job list "
                + "shows progress and cancels it"));
        run.disableProperty().bind(vm.canRun().not());
        run.setOnAction(e -> run());
        Label why = new Label();
        why.getStyleClass().add("hint");
        why.setWrapText(true);
        why.textProperty().bind(Bindings.createStringBinding(() -> {
            String w = vm.whyNotRunnable();
            return w == null ? "Runs in the background; Ctrl+. cancels" : w;
        }, vm.canRun(), ctx.session().model, ctx.session().dataset, vm.running()));
        Label head = Widgets.cardTitle("Method and options");
        VBox box = new VBox(10, head, g, run, why);
        box.getStyleClass().add("card");
        return box;
    }

    private void run() {
        if (vm.canRun().get()) {
            vm.run();
        }
    }

    private static Label label(String text) {
        Label l = new Label(text);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private static ComboBox<String> combo(List<String> items, String value, String tip) {
        ComboBox<String> c = new ComboBox<>(FXCollections.observableArrayList(items));
        c.setValue(value);
        c.setTooltip(new Tooltip(tip));
        c.setMaxWidth(Double.MAX_VALUE);
        GridPane.setHgrow(c, Priority.ALWAYS);
        return c;
    }



    /** Rebuilds the heatmaps and the probe chart from the shown result (JavaFX thread; cheap, no tensors). */
    private void refreshCharts() {
        Localization.Result r = vm.shown().get();
        summary.setText(r == null ? "No " + vm.method.get() + " result yet: choose the options and press Run."
                : LocalizeViewModel.summary(r));
        Heatmap grid = vm.componentHeatmap();
        if (grid == null) {
            componentsHolder.getChildren().setAll(placeholder(r == null
                    ? "Run a localization to see the score of every head and MLP"
                    : "Probes score no components; see the Probes tab"));
            components = null;
        } else {
            var chart = HeatmapCharts.heatmap(grid, "Component scores: " + r.scores().method());
            if (components == null) {
                components = new HeatmapView(ctx, grid, chart, "heatmap-" + r.scores().method());
                components.setOnCellClicked(vm::toggle);
                components.setOnRectangle(vm::selectCells);
            } else {
                components.setHeatmap(grid, chart, "heatmap-" + r.scores().method());
            }
            componentsHolder.getChildren().setAll(components);
        }
        List<String> sites = vm.positionSites();
        if (!site.getItems().equals(sites)) {
            site.getItems().setAll(sites);
        }
        site.setValue(sites.contains(vm.site.get()) ? vm.site.get() : sites.isEmpty() ? null : sites.get(0));
        Heatmap pos = vm.positionHeatmap();
        if (pos == null) {
            positionsHolder.getChildren().setAll(placeholder("Causal tracing (or activation patching per position) "
                    + "shows the effect of each layer at each token position here"));
            positions = null;
        } else {
            String name = "tracing-" + (site.getValue() == null ? "resid" : site.getValue());
            var chart = HeatmapCharts.heatmap(pos, vm.positionResult().scores().method() + ": restoring "
                    + site.getValue() + " by layer and position");
            if (positions == null) {
                positions = new HeatmapView(ctx, pos, chart, name);
                positions.setId(POSITIONS_ID);
            } else {
                positions.setHeatmap(pos, chart, name);
            }
            positionsHolder.getChildren().setAll(positions);
        }
        refreshProbes();
        refreshOutlines();
    }

    private void refreshProbes() {
        List<Probes.Row> rows = vm.probeRows();
        if (rows.isEmpty()) {
            probesHolder.getChildren().setAll(placeholder("Probes (run with every method unless FLU layers are given "
                    + "by hand) show where the sport becomes readable"));
            probes = null;
            return;
        }
        var chart = CurveCharts.probeCurves(rows);
        if (probes == null) {
            probes = new ChartPane(ctx, chart, "probe-curves");
            probes.setId(PROBES_ID);
        } else {
            probes.setChart(chart, "probe-curves");
        }
        probesHolder.getChildren().setAll(probes);
    }

    private void refreshOutlines() {
        Selection s = ctx.session().selection.get();
        Selection c = ctx.session().comparison.get();
        if (components != null) {
            components.setOutlines(s == null ? null : s.components().ids(), c == null ? null : c.components().ids());
        }
        selectionLine.setText(s == null ? "No selection shown; run a localization or pick cells"
                : String.format(Locale.ROOT, "Outlined: %s, %d components, %,d parameters%s", s.strategy(),
                        s.components().ids().size(), s.parameterCount(),
                        c == null ? "" : String.format(Locale.ROOT, "   Dashed: %s, %,d parameters", c.strategy(),
                                c.parameterCount())));
    }

    private static Node placeholder(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("hint");
        l.setWrapText(true);
        l.setMaxWidth(420);
        StackPane p = new StackPane(l);
        p.setMinHeight(200);
        return p;
    }

    /** The Circuit tab's content (tests, the tour). */
    public CircuitPane circuitPane() {
        return circuit;
    }

    /** Shows the result tab with this title: Components, Positions, Probes or Circuit. */
    public void showTab(String title) {
        tabs.getTabs().stream().filter(t -> t.getText().equals(title)).findFirst()
                .ifPresent(t -> tabs.getSelectionModel().select(t));
    }

    /** The component heatmap, once a result has scores (for tests). */
    HeatmapView componentsView() {
        return components;
    }
}
