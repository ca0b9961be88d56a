package dev.locus.ui.tour;

import dev.locus.ui.edit.FinishedComparison;
import dev.locus.ui.results.ResultsPanel;
import dev.locus.ui.results.ResultsViewModel;
import dev.locus.ui.session.PanelHost;
import dev.locus.ui.session.Session;
import dev.locus.ui.task.AppLog;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.beans.InvalidationListener;
import javafx.beans.value.ChangeListener;
import javafx.event.EventHandler;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.Pane;

/**
 * Runs the guided tour in the window: opens the finished comparison, then walks the steps of {@link Tour}, each
 * opening its panel and pointing at its element on the {@link TourOverlay}; Next, Back and Skip on the card, and the
 * keys (Right, Enter, Space: next; Left: back; Esc: leave). Leaving takes the overlay and every listener away.
 * JavaFX thread.
 */
public final class TourController {
    private final PanelHost host;
    private final Scene scene;
    private final TourOverlay overlay = new TourOverlay();
    private final EventHandler<KeyEvent> keys = this::key;
    private final ChangeListener<Object> moved = (o, a, b) -> place();
    private final InvalidationListener resized = o -> place();
    private final CompletableFuture<Path> loaded = new CompletableFuture<>();
    private List<TourStep> steps = List.of();
    private int index;
    private Node target;
    private boolean active;

    private TourController(PanelHost host, Scene scene) {
        this.host = host;
        this.scene = scene;
    }

    /**
     * Starts the tour over the window whose root is a pane: shows the first step and opens the finished comparison
     * (once a model is loaded), whose results the later steps point at.
     */
    public static TourController start(PanelHost host, Scene scene) {
        if (!(scene.getRoot() instanceof Pane root)) {
            throw new IllegalStateException("the tour needs a window whose root is a pane");
        }
        TourController tour = new TourController(host, scene);
        tour.active = true;
        tour.overlay.attach(root);
        tour.overlay.next().setOnAction(e -> tour.next());
        tour.overlay.back().setOnAction(e -> tour.back());
        tour.overlay.skip().setOnAction(e -> tour.leave());
        tour.overlay.layer().widthProperty().addListener(tour.resized);
        tour.overlay.layer().heightProperty().addListener(tour.resized);
        scene.addEventFilter(KeyEvent.KEY_PRESSED, tour.keys);
        tour.load(); // first: the files are read while the first step is laid out
        tour.show(0);
        return tour;
    }

    /** Done once the finished comparison is in the session and its results are shown in Results; failed with why. */
    public CompletableFuture<Path> loaded() {
        return loaded;
    }

    public boolean active() {
        return active;
    }

    /** The shown step, from 0. */
    public int index() {
        return index;
    }

    public int count() {
        return steps.size();
    }

    /** The shown step. */
    public TourStep step() {
        return steps.get(index);
    }

    /** The element the shown step points at, or null when the window has none to show. */
    public Node target() {
        return target;
    }

    /** The outline around the element, on the overlay (tests compare their bounds). */
    public Node outline() {
        return overlay.outline();
    }

    /** The callout card with the step's words and the tour's buttons. */
    public Node card() {
        return overlay.card();
    }

    /** The next step; after the last, the tour ends. Waits while the finished comparison is being opened. */
    public void next() {
        if (!active || !loaded.isDone()) {
            return;
        }
        if (index == steps.size() - 1) {
            leave();
        } else {
            show(index + 1);
        }
    }

    /** The step before. */
    public void back() {
        if (active && index > 0) {
            show(index - 1);
        }
    }

    /** Ends the tour: the overlay, the key filter and the listeners are removed; the window stays as it is. */
    public void leave() {
        if (!active) {
            return;
        }
        active = false;
        follow(null);
        scene.removeEventFilter(KeyEvent.KEY_PRESSED, keys);
        overlay.layer().widthProperty().removeListener(resized);
        overlay.layer().heightProperty().removeListener(resized);
        overlay.detach();
    }

    private void key(KeyEvent e) {
        boolean typing = scene.getFocusOwner() instanceof TextInputControl;
        switch (e.getCode()) {
            case ESCAPE -> leave();
            case RIGHT, ENTER, SPACE -> {
                if (typing) {
                    return;
                }
                next();
            }
            case LEFT -> {
                if (typing) {
                    return;
                }
                back();
            }
            default -> {
                return;
            }
        }
        e.consume();
    }

    /**
     * Opens the finished comparison once a model is loaded (its selections are read against the model), makes it the
     * run Results shows, and completes {@link #loaded} when Results has read it.
     */
    private void load() {
        Session s = host.context().session();
        overlay.status().setText(s.model.get() == null ? "Waiting for the model to load\u2026"
                : "Opening the finished comparison\u2026");
        overlay.next().setDisable(true);
        CompletableFuture<Void> model = new CompletableFuture<>();
        if (s.model.get() != null) {
            model.complete(null);
        } else {
            s.model.addListener(new InvalidationListener() {
                @Override
                public void invalidated(javafx.beans.Observable o) {
                    if (s.model.get() != null) {
                        s.model.removeListener(this);
                        model.complete(null);
                    }
                }
            });
        }
        ResultsViewModel results = ((ResultsPanel) host.panel("Results")).viewModel();
        model.thenCompose(x -> {
            overlay.status().setText("Opening the finished comparison\u2026");
            return FinishedComparison.show(host.context());
        }).thenCompose(l -> {
            if (active) {
                show(index); // Results was opened by the comparison: back to the step shown
            }
            results.choices().stream().filter(c -> c.folders().contains(l.run())).findFirst()
                    .filter(c -> !c.equals(results.selected().get())).ifPresent(results.selected()::set);
            return results.latest().thenApply(shown -> l.run());
        }).whenComplete((run, e) -> {
            overlay.status().setText(e == null ? "" : AppLog.userMessage(e));
            overlay.next().setDisable(false);
            if (e == null) {
                loaded.complete(run);
            } else {
                loaded.completeExceptionally(e);
            }
            if (active) {
                show(index); // words made from the run's numbers
            }
        });
    }

    /** Shows step i: its panel, the tab and scroll position of its element, the outline and the card. */
    private void show(int i) {
        steps = Tour.steps(host);
        index = i;
        TourStep step = steps.get(i);
        step.prepare().run();
        host.show(step.panel());
        if (step.target() != null && host.panel(step.panel()) instanceof dev.locus.ui.results.ResultsPanel results) {
            // presenting, Results shows one part at a time: the one pointed at must be the one shown
            results.reveal(step.target().startsWith("chart-") ? step.target().substring("chart-".length()) : "numbers");
        }
        layout();
        Node node = step.target() == null ? null : host.panel(step.panel()).view().lookup("#" + step.target());
        if (node != null) {
            if (Reveal.selectTabs(node)) {
                layout();
            }
            Reveal.scrollTo(node, this::layout);
        }
        String text = step.text();
        if (node == null && step.target() != null && loaded.isDone()) {
            text += " (This session has nothing to show here yet.)";
        }
        overlay.say(i, steps.size(), step.title(), text);
        follow(node);
        place();
    }

    /** Keeps the outline on {@code node} as it moves or resizes (a scroll, a chart filled in); null stops. */
    private void follow(Node node) {
        if (target != null) {
            target.localToSceneTransformProperty().removeListener(moved);
            target.boundsInLocalProperty().removeListener(moved);
        }
        target = node;
        if (node != null) {
            node.localToSceneTransformProperty().addListener(moved);
            node.boundsInLocalProperty().addListener(moved);
        }
    }

    private void place() {
        if (!active) {
            return;
        }
        boolean shown = target != null && target.getScene() == scene && Reveal.treeVisible(target);
        overlay.point(shown ? overlay.layer().sceneToLocal(Reveal.visible(target)) : null);
    }

    private void layout() {
        scene.getRoot().applyCss();
        scene.getRoot().layout();
    }
}
