package dev.locus.ui.circuit;

import dev.locus.export.circuit.CircuitFigure;
import dev.locus.export.circuit.CircuitGeometry;
import dev.locus.localize.circuit.Circuit;
import dev.locus.localize.circuit.CircuitFiles;
import dev.locus.localize.circuit.CircuitReport;
import dev.locus.localize.circuit.CircuitRun;
import dev.locus.localize.circuit.EdgeScores;
import dev.locus.localize.select.Selection;
import dev.locus.ui.controls.ExportFigureDialog;
import dev.locus.ui.controls.FileChoosers;
import dev.locus.ui.controls.Spinners;
import dev.locus.ui.session.WorkbenchContext;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * The Localize panel's Circuit tab: the method, IG steps and prompts with "Find circuit" (a job on the model thread),
 * open and save a circuit.json, export the figure; the graph ({@link CircuitView}) with the top-k box and the
 * threshold slider that choose its edges live; the hover line; a clicked node's in- and out-edges with "Add to
 * selection"; and the faithfulness of the circuit found.
 */
public final class CircuitPane extends VBox {
    private final WorkbenchContext ctx;
    private final CircuitViewModel vm;
    private final CircuitView view = new CircuitView();
    private final Label hover = new Label();
    private final Label summary = new Label();
    private final Label nodeTitle = new Label("Click a node");
    private final ListView<String> nodeEdges = new ListView<>();
    private final Button addNode = new Button("Add to selection");
    private final Slider threshold = new Slider(0, 1, 0.02);
    private final Label thresholdText = new Label();
    private final Consumer<List<String>> pick;
    private CircuitGeometry geometry;
    private int node = -1;

    /**
     * @param pick adds components to the user's own selection (as cells picked on the heatmap do)
     */
    public CircuitPane(WorkbenchContext ctx, Consumer<List<String>> pick) {
        this.ctx = ctx;
        this.vm = new CircuitViewModel(ctx);
        this.pick = pick;
        vm.setOnError(this::error);
        view.setOnHover(text -> hover.setText(text == null ? hint() : text));
        view.setOnNodeClicked(this::showNode);
        hover.getStyleClass().addAll("hint", "mono");
        hover.setText(hint());
        hover.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(hover, Priority.ALWAYS);
        summary.setWrapText(true);
        summary.setMinHeight(Region.USE_PREF_SIZE);
        summary.setTooltip(new Tooltip("The circuit found: its edges, the share of the clean-corrupted metric it keeps "
                + "with every other edge corrupted (faithfulness), and how it was chosen"));
        VBox side = side();
        HBox.setHgrow(view, Priority.ALWAYS);
        HBox body = new HBox(8, view, side);
        VBox.setVgrow(body, Priority.ALWAYS);
        HBox bottom = new HBox(6, hover, button("+", "Zoom in (or turn the mouse wheel over the graph)",
                () -> view.zoom(1.5)), button("\u2212", "Zoom out", () -> view.zoom(1 / 1.5)),
                button("Fit", "Show the whole graph", view::fit));
        bottom.setAlignment(Pos.CENTER_LEFT);
        setSpacing(6);
        setPadding(new Insets(6, 0, 0, 0));
        getChildren().addAll(runBar(), ruleBar(), summary, body, bottom);
        vm.shown().addListener(x -> refresh());
        vm.report().addListener((o, old, r) -> rescaleThreshold(r));
        ctx.session().selection.addListener(x -> refresh());
        ctx.session().comparison.addListener(x -> refresh());
        refresh();
    }

    private Node runBar() {
        ComboBox<String> method = new ComboBox<>(FXCollections.observableArrayList(CircuitRun.Method.names()));
        method.valueProperty().bindBidirectional(vm.method);
        method.setTooltip(new Tooltip("eap: edge attribution patching, one gradient for every edge (fast); eap-ig: "
                + "with integrated-gradient steps (Hanna et al. 2024); edge-patching: patch each edge exactly (slow)"));
        Spinner<Integer> ig = Spinners.bound(1, 64, vm.igSteps, "EAP-IG's interpolation steps (Hanna et al.: 5)");
        ig.setPrefWidth(80);
        Label igLabel = new Label("IG steps");
        ig.visibleProperty().bind(vm.method.isEqualTo(CircuitRun.Method.EAP_IG.text()));
        ig.managedProperty().bind(ig.visibleProperty());
        igLabel.visibleProperty().bind(ig.visibleProperty());
        igLabel.managedProperty().bind(ig.visibleProperty());
        Spinner<Integer> prompts = Spinners.bound(0, 100_000, vm.prompts, "Use only the first N forget prompts "
                + "(0: all); fewer is faster");
        prompts.setPrefWidth(90);
        Button find = new Button("Find circuit");
        find.getStyleClass().add("primary");
        find.disableProperty().bind(vm.canRun().not());
        find.setOnAction(e -> vm.run());
        find.setTooltip(new Tooltip("Score every edge on the forget prompts, then find the smallest top-k circuit that "
                + "keeps 80% faithfulness (a background job; the job list cancels it)"));
        Button open = button("Open...", "Open a circuit.json (locus circuit, or saved here)", this::open);
        Button save = button("Save...", "Save the shown circuit as JSON, every scored edge in edges.csv beside it",
                this::save);
        save.disableProperty().bind(vm.shown().isNull());
        Button export = button("Export figure...", "Export the graph as PNG, SVG or PDF", this::export);
        export.disableProperty().bind(vm.shown().isNull());
        Label methodLabel = new Label("Method");
        Label promptsLabel = new Label("Prompts");
        for (javafx.scene.control.Control c : List.of(methodLabel, igLabel, promptsLabel, find, open)) {
            c.setMinWidth(Region.USE_PREF_SIZE); // the combo gives way first, words stay whole
        }
        // Presenting, files wait for normal mode: the row keeps the larger text whole.
        dev.locus.ui.controls.Widgets.showWhen(ctx.session().presentation.not(), save, export);
        HBox bar = new HBox(8, methodLabel, method, igLabel, ig, promptsLabel, prompts, find,
                new Region(), open, save, export);
        HBox.setHgrow(bar.getChildren().get(7), Priority.ALWAYS);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private Node ruleBar() {
        Spinner<Integer> top = Spinners.bound(1, 1_000_000, vm.top, "Keep the top k edges by |score|, then only those "
                + "on a path from the embeddings to the logits");
        top.setPrefWidth(110);
        top.setEditable(true);
        threshold.valueProperty().bindBidirectional(vm.threshold);
        threshold.setPrefWidth(220);
        threshold.setTooltip(new Tooltip("Keep the edges whose |score| is at least this share of the clean-corrupted "
                + "metric, then only those on a path from the embeddings to the logits"));
        thresholdText.textProperty().bind(Bindings.createStringBinding(() -> String.format(Locale.ROOT, "%.4f",
                vm.threshold.get()), vm.threshold));
        thresholdText.setMinWidth(Region.USE_PREF_SIZE);
        ComboBox<String> position = new ComboBox<>(vm.positions);
        position.valueProperty().bindBidirectional(vm.position);
        position.setTooltip(new Tooltip("Choose by the scores at every position (all) or at one position class "
                + "(subject tokens, the final token): where each edge carries the answer"));
        Button found = button("Found circuit", "Show the circuit the search found again", vm::showOwnCircuit);
        found.disableProperty().bind(vm.report().isNull());
        HBox bar = new HBox(8, new Label("Top k"), top, new Label("or |normalized| \u2265"), threshold, thresholdText,
                new Label("at"), position, found);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private VBox side() {
        nodeTitle.getStyleClass().add("card-title");
        nodeEdges.setPrefWidth(300);
        nodeEdges.setPlaceholder(new Label("No edges of the circuit"));
        nodeEdges.setTooltip(new Tooltip("The circuit's edges into and out of the clicked node, strongest first"));
        VBox.setVgrow(nodeEdges, Priority.ALWAYS);
        addNode.setMaxWidth(Double.MAX_VALUE);
        addNode.setTooltip(new Tooltip("Add this node's head or MLP to your own selection (shown on the heatmaps)"));
        addNode.setOnAction(e -> pick.accept(components(node)));
        addNode.setDisable(true);
        Button useCircuit = button("Use circuit as selection", "Make every head and MLP of the shown circuit a "
                + "selection (\"circuit\") with its parameter count, for edits, masks and comparisons", () -> {
                    Selection s = vm.useAsSelection();
                    ctx.message().accept(String.format(Locale.ROOT, "Selection \"circuit\": %d components, %,d "
                            + "parameters", s.components().ids().size(), s.parameterCount()));
                });
        useCircuit.setMaxWidth(Double.MAX_VALUE);
        useCircuit.disableProperty().bind(Bindings.createBooleanBinding(() -> vm.whyNotPickable() != null,
                vm.shown(), ctx.session().model));
        VBox side = new VBox(6, nodeTitle, nodeEdges, addNode, useCircuit);
        side.setMinWidth(240);
        side.setPrefWidth(300);
        return side;
    }

    private static Button button(String text, String tip, Runnable action) {
        Button b = new Button(text);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        b.setMinWidth(Region.USE_PREF_SIZE);
        return b;
    }

    private String hint() {
        return vm.shown().get() == null ? "Find or open a circuit to see its graph"
                : "Hover an edge for its score; click a node for its edges; drag pans, the mouse wheel zooms";
    }

    /** Draws the shown circuit again with the session's selections outlined (JavaFX thread; no tensors). */
    private void refresh() {
        Circuit c = vm.shown().get();
        summary.setText(vm.summary());
        hover.setText(hint());
        if (c == null) {
            view.setFigure(null);
            geometry = null;
            showNode(-1);
            return;
        }
        if (geometry == null || !geometry.layout().equals(c.layout())) {
            geometry = new CircuitGeometry(c.layout());
        }
        view.setFigure(new CircuitFigure(c, geometry, ids(ctx.session().selection.get()),
                ids(ctx.session().comparison.get()), null));
        showNode(node < geometry.nodeCount() ? node : -1);
    }

    private static List<String> ids(Selection s) {
        return s == null ? null : s.components().ids();
    }

    /** The threshold slider runs from 0 to the largest |normalized score| of the report's edges. */
    private void rescaleThreshold(CircuitReport r) {
        if (r == null) {
            return;
        }
        List<EdgeScores.Edge> ranked = r.scores().ranked();
        double max = ranked.isEmpty() ? 0 : Math.abs(r.scores().normalized(ranked.get(0).score()));
        // The range follows the scores without choosing a circuit: the report's own stays shown.
        vm.quietly(() -> threshold.setMax(max > 0 ? max : 1));
    }

    /** Lists node n's edges in the shown circuit (n = -1: none). */
    private void showNode(int n) {
        node = n;
        Circuit c = vm.shown().get();
        if (n < 0 || c == null || geometry == null) {
            nodeTitle.setText("Click a node");
            nodeEdges.getItems().clear();
            addNode.setDisable(true);
            return;
        }
        EdgeScores scores = c.scores();
        List<String> in = new ArrayList<>();
        List<String> out = new ArrayList<>();
        List<EdgeScores.Edge> edges = new ArrayList<>(c.edges());
        edges.sort((a, b) -> Double.compare(Math.abs(b.score()), Math.abs(a.score())));
        for (EdgeScores.Edge e : edges) {
            if (geometry.downstreamNode(e.downstream()) == n) {
                in.add(listLine("in ", scores, e));
            }
            if (geometry.upstreamNode(e.upstream()) == n) {
                out.add(listLine("out", scores, e));
            }
        }
        nodeTitle.setText(String.format(Locale.ROOT, "%s: %d in, %d out", geometry.name(n), in.size(), out.size()));
        in.addAll(out);
        nodeEdges.getItems().setAll(in);
        addNode.setDisable(components(n).isEmpty() || vm.whyNotPickable() != null);
    }

    /** "in  L0.H3 -> L0.mlp  -0.4724 (-4.2%)": short enough for the side list. */
    private static String listLine(String way, EdgeScores s, EdgeScores.Edge e) {
        return String.format(Locale.ROOT, "%s  %s  %+.4g (%+.1f%%)", way, s.edgeName(e), e.score(),
                100 * s.normalized(e.score()));
    }

    /** The components a node stands for: its head or MLP, a key/value head's query heads; none for embed, logits. */
    private List<String> components(int n) {
        if (n < 0 || geometry == null) {
            return List.of();
        }
        String name = geometry.name(n);
        int u = geometry.layout().upstreamIndex(name);
        if (u > 0) {
            return List.of(name);
        }
        List<String> heads = new ArrayList<>();
        for (int v = 0; v < geometry.layout().downstreamCount(); v++) {
            if (geometry.downstreamNode(v) == n && !name.equals(geometry.layout().downstreamName(v))) {
                geometry.layout().outputsOf(v).forEach(h -> heads.add(geometry.layout().upstreamName(h)));
                break;
            }
        }
        return heads.stream().filter(h -> !h.equals(dev.locus.localize.circuit.CircuitLayout.EMBED)).toList();
    }

    private void open() {
        FileChooser chooser = FileChoosers.files("Open circuit", null, FileChoosers.filter("Circuit JSON", "*.json"));
        File f = chooser.showOpenDialog(getScene().getWindow());
        if (f != null) {
            vm.open(f.toPath());
        }
    }

    private void save() {
        FileChooser chooser = FileChoosers.files("Save circuit", null, FileChoosers.filter("Circuit JSON", "*.json"));
        chooser.setInitialFileName(CircuitFiles.CIRCUIT);
        File f = chooser.showSaveDialog(getScene().getWindow());
        if (f != null) {
            Path p = f.toPath();
            vm.save(p.getFileName().toString().endsWith(".json") ? p : p.resolveSibling(p.getFileName() + ".json"));
        }
    }

    private void export() {
        ExportFigureDialog.show(ctx, this::snapshot, "circuit");
    }

    /** The shown graph as a figure with a title, for files (immutable, so the file thread may draw it). */
    public CircuitFigure snapshot() {
        CircuitReport r = vm.shownReport();
        return new CircuitFigure(r.circuit(), geometry, ids(ctx.session().selection.get()),
                ids(ctx.session().comparison.get()), CircuitFigure.title(r));
    }

    private void error(String line) {
        Alert a = new Alert(Alert.AlertType.WARNING, line, ButtonType.OK);
        a.setHeaderText("The circuit could not be opened or saved");
        if (ctx.owner().get() != null) {
            a.initOwner(ctx.owner().get());
        }
        a.show();
    }

    public CircuitViewModel viewModel() {
        return vm;
    }

    public CircuitView view() {
        return view;
    }

    /** The clicked node's edge list and its button (tests). */
    ListView<String> nodeEdges() {
        return nodeEdges;
    }
}
