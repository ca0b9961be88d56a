package dev.locus.ui.home;

import dev.locus.ui.controls.Menus;
import dev.locus.ui.controls.SideOrBelow;
import dev.locus.ui.controls.Widgets;
import dev.locus.ui.session.ViewPanel;
import dev.locus.ui.session.WorkbenchContext;
import javafx.beans.binding.StringBinding;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The first view: what Locus does, what the session holds, the six steps as cards that open their panels, and one
 * large button that runs the whole paper comparison (teachers start here, live, in front of a room).
 */
public final class HomePanel extends ViewPanel<HomeViewModel> {
    /** The id of the question (the guided tour's first step points at it). */
    public static final String QUESTION_ID = "home-question";
    private Runnable onTour = () -> { };

    public HomePanel(WorkbenchContext context) {
        super(context, new HomeViewModel(context));
    }

    @Override
    public String title() {
        return "Home";
    }

    @Override
    public String purpose() {
        return "Start here: what Locus does and what to do next";
    }


    @Override
    public java.util.List<MenuItem> runMenu() {
        return Menus.items(Menus.item("Run the paper comparison",
                "Localize, edit and evaluate every method on Sports World, as in the paper",
                new KeyCodeCombination(KeyCode.P, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                vm::runPaperComparison));
    }

    @Override
    protected Node build() {
        VBox root = Widgets.panel("Welcome to Locus",
                "A workbench for finding where a transformer keeps a fact, editing it there, and testing the edit.");
        root.getChildren().addAll(hero(), state(), steps());
        ScrollPane scroll = new ScrollPane(root);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("edge-to-edge");
        return scroll;
    }

    private Node hero() {
        Label headline = new Label("Find where a model keeps a fact. Edit it there. Check that the edit holds.");
        headline.getStyleClass().add("hero-headline");
        headline.setWrapText(true);
        Label lead = new Label("Locus localizes a fact inside a transformer with causal tracing, activation and "
                + "attribution patching and probes, then edits or unlearns it in just those components. It then "
                + "attacks the edit with rephrased prompts, relearning and latent probes to see whether the fact "
                + "is really gone.");
        lead.getStyleClass().add("hero-lead");
        lead.setWrapText(true);
        Label question = new Label("The question: do edits at the components that look the fact up (FLU) hold "
                + "better than edits where output tracing (OT) points?");
        question.getStyleClass().add("hero-question");
        question.setWrapText(true);
        question.setId(QUESTION_ID);
        Label finding = Widgets.hint("On the bundled model: " + dev.locus.ui.edit.PaperComparison.FINDING);
        VBox text = new VBox(10, headline, lead, question, finding);
        // Presenting, the room reads the headline and the question; the tour tells the rest.
        Widgets.showWhen(ctx.session().presentation.not(), lead, finding);

        // The actions (the paper comparison, finished or live) go below the text when the window is narrow.
        VBox actions = ComparisonActions.column(vm, ctx.session().presentation);
        actions.getChildren().add(tourButton());
        SideOrBelow hero = new SideOrBelow(text, actions, 28);
        hero.getStyleClass().add("hero");
        return hero;
    }

    /** What "Take the tour" starts (the window's guided tour; Home cannot reach the window itself). */
    public void setOnTour(Runnable start) {
        this.onTour = start;
    }

    private Button tourButton() {
        Button tour = new Button("Take the tour");
        tour.setId("home-tour");
        Widgets.tip(tour, "A guided tour of the finding on the bundled model: each step opens a panel and points at what"
                + " to look at (also Help > Tour)");
        tour.setOnAction(e -> onTour.run());
        tour.setMinWidth(Region.USE_PREF_SIZE);
        return tour;
    }

    private Node state() {
        // A flow, so that with large text the data line goes below the model line instead of being cut.
        javafx.scene.layout.FlowPane box = new javafx.scene.layout.FlowPane(32, 6,
                stateLine(vm.modelStatus(), vm.ready(), "model"), stateLine(vm.dataStatus(), vm.ready(), "data"));
        box.setPadding(new Insets(2, 4, 2, 4));
        return box;
    }

    private Node stateLine(StringBinding text, ObservableBooleanValue ready, String what) {
        Region dot = new Region();
        dot.getStyleClass().add("state-dot");
        text.addListener((obs, old, t) -> mark(dot, t));
        mark(dot, text.get());
        Label l = new Label();
        l.textProperty().bind(text);
        l.getStyleClass().add("session-state");
        l.setTooltip(new javafx.scene.control.Tooltip("The " + what + " this session works on"));
        HBox line = new HBox(8, dot, l);
        line.setAlignment(Pos.CENTER_LEFT);
        return line;
    }

    private static void mark(Region dot, String status) {
        boolean ok = status != null && !status.contains("loading") && !status.contains("none loaded");
        dot.getStyleClass().remove("ready");
        if (ok) {
            dot.getStyleClass().add("ready");
        }
    }

    private Node steps() {
        GridPane grid = new GridPane();
        grid.setHgap(14);
        grid.setVgap(14);
        for (int c = 0; c < 3; c++) {
            ColumnConstraints col = new ColumnConstraints();
            col.setPercentWidth(100.0 / 3);
            col.setHgrow(Priority.ALWAYS);
            grid.getColumnConstraints().add(col);
        }
        int i = 0;
        for (HomeViewModel.Step step : HomeViewModel.STEPS) {
            Node card = stepCard(step);
            grid.add(card, i % 3, i / 3);
            i++;
        }
        Label heading = Widgets.cardTitle("Six steps");
        return new VBox(8, heading, grid);
    }

    private Node stepCard(HomeViewModel.Step step) {
        Label number = new Label(Integer.toString(step.number()));
        number.getStyleClass().add("step-number");
        Label title = new Label(step.title());
        title.getStyleClass().add("step-title");
        title.setWrapText(true);
        HBox head = new HBox(10, number, title);
        head.setAlignment(Pos.CENTER_LEFT);
        Label text = new Label(step.text());
        text.getStyleClass().add("step-text");
        text.setWrapText(true);
        text.setMinHeight(Region.USE_PREF_SIZE);
        Button open = new Button("Open " + step.panel() + "  \u2192");
        Widgets.tip(open, "Go to the " + step.panel() + " panel (Ctrl+" + (step.number() + 1) + ")");
        open.setOnAction(e -> vm.open(step));
        Region push = new Region();
        VBox.setVgrow(push, Priority.ALWAYS); // buttons line up at the bottom of every card in a row
        VBox card = new VBox(head, text, push, open);
        card.getStyleClass().add("step-card");
        card.setMaxHeight(Double.MAX_VALUE);
        // Presenting, the cards are their titles (Home fits 1280 x 720); a click opens the step.
        Widgets.showWhen(ctx.session().presentation.not(), text, open);
        card.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2 || ctx.session().presentation.get()) {
                vm.open(step);
            }
        });
        return card;
    }
}
