package dev.locus.ui.tour;

import java.util.List;
import java.util.function.DoubleUnaryOperator;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.ClosePath;
import javafx.scene.shape.FillRule;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.Path;
import javafx.scene.shape.Rectangle;

/**
 * The tour's layer above the whole window: a dim with a hole over the element pointed at, an outline around it, and
 * the callout card beside it (never over it) with the step's text and the tour's buttons. Only the card takes the
 * mouse: the dim and the outline let clicks through, so the window stays usable during the tour.
 *
 * <p>The layer is an unmanaged child of the window's root pane, drawn above its other children (view order), so that
 * the window's own layout is untouched; {@link #detach} removes it and nothing of it is left.
 */
final class TourOverlay {
    /** Space between the element and its outline, and between the outline and the card. */
    static final double PAD = 6;
    static final double GAP = 14;
    /** The card keeps this far from the window's edges. */
    static final double MARGIN = 8;
    /** Card widths: beside an element, and above or below a wide one (fewer lines, so it fits a short gap). */
    static final double NARROW = 360;
    static final double WIDE = 580;
    static final double WIDEST = 1000;

    private final Pane layer = new Pane();
    private final Path dim = new Path();
    private final Rectangle outline = new Rectangle();
    private final VBox card = new VBox(8);
    private final Label counter = new Label();
    private final Label title = new Label();
    private final Label text = new Label();
    private final Label status = new Label();
    private final Button skip = new Button("Skip tour");
    private final Button back = new Button("\u2190 Back");
    private final Button next = new Button("Next \u2192");
    private Pane root;
    private final javafx.beans.InvalidationListener resize = o -> fit();

    TourOverlay() {
        layer.setId("tour-overlay");
        layer.getStyleClass().add("tour-overlay");
        layer.getStylesheets().add(TourOverlay.class.getResource("tour.css").toExternalForm());
        layer.setManaged(false);
        layer.setPickOnBounds(false); // empty parts of the layer let the mouse through
        layer.setViewOrder(-1000);    // above children the root adds later (a job list shown)
        dim.getStyleClass().add("tour-dim");
        dim.setFillRule(FillRule.EVEN_ODD);
        dim.setMouseTransparent(true);
        outline.setId("tour-outline");
        outline.getStyleClass().add("tour-outline");
        outline.setMouseTransparent(true);
        outline.setArcWidth(10);
        outline.setArcHeight(10);
        counter.setId("tour-counter");
        counter.getStyleClass().add("tour-counter");
        title.getStyleClass().add("tour-title");
        title.setWrapText(true);
        text.setId("tour-text");
        text.getStyleClass().add("tour-text");
        text.setWrapText(true);
        text.setMinHeight(Region.USE_PREF_SIZE);
        status.getStyleClass().add("tour-status");
        status.setWrapText(true);
        status.managedProperty().bind(status.textProperty().isNotEmpty());
        status.visibleProperty().bind(status.managedProperty());
        skip.setId("tour-skip");
        back.setId("tour-back");
        next.setId("tour-next");
        next.getStyleClass().add("primary");
        next.setDefaultButton(false);
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox buttons = new HBox(8, skip, grow, back, next);
        buttons.setAlignment(Pos.CENTER_LEFT);
        for (Button b : List.of(skip, back, next)) {
            b.setMinWidth(Region.USE_PREF_SIZE);
            b.setFocusTraversable(false); // the keys are the tour's (Enter, Space, arrows), not a focused button's
        }
        card.setId("tour-card");
        card.getStyleClass().add("tour-card");
        Region push = new Region();
        HBox.setHgrow(push, Priority.ALWAYS);
        HBox head = new HBox(12, title, push, counter); // one line: short cards fit the gap above or below a wide chart
        head.setAlignment(Pos.BASELINE_LEFT);
        counter.setMinWidth(Region.USE_PREF_SIZE);
        card.getChildren().addAll(head, text, status, buttons);
        card.setManaged(false);
        layer.getChildren().addAll(dim, outline, card);
    }

    /** Puts the layer over {@code root} (the window's root pane), sized to it. */
    void attach(Pane windowRoot) {
        this.root = windowRoot;
        windowRoot.getChildren().add(layer);
        windowRoot.widthProperty().addListener(resize);
        windowRoot.heightProperty().addListener(resize);
        fit();
    }

    /** Takes the layer out of the window, with its listeners. */
    void detach() {
        if (root != null) {
            root.widthProperty().removeListener(resize);
            root.heightProperty().removeListener(resize);
            root.getChildren().remove(layer);
            root = null;
        }
    }

    private void fit() {
        if (root != null) {
            layer.resizeRelocate(0, 0, root.getWidth(), root.getHeight());
        }
    }

    Pane layer() {
        return layer;
    }

    Rectangle outline() {
        return outline;
    }

    VBox card() {
        return card;
    }

    Button next() {
        return next;
    }

    Button back() {
        return back;
    }

    Button skip() {
        return skip;
    }

    Label status() {
        return status;
    }

    /** The step's words: "Step 3 of 8", its title and text; Back off on the first, Next says Finish on the last. */
    void say(int index, int count, String stepTitle, String stepText) {
        counter.setText("Step " + (index + 1) + " of " + count);
        title.setText(stepTitle);
        text.setText(stepText);
        back.setDisable(index == 0);
        next.setText(index == count - 1 ? "Finish" : "Next \u2192");
    }

    /**
     * Outlines {@code target} (scene coordinates, already cut to what is visible; null: nothing to point at, the card
     * in the middle) and puts the card beside it.
     */
    void point(Bounds target) {
        double w = layer.getWidth();
        double h = layer.getHeight();
        Bounds area = new BoundingBox(0, 0, w, h);
        card.applyCss();
        DoubleUnaryOperator height = width -> card.prefHeight(width);
        if (target == null) {
            outline.setVisible(false);
            dim.getElements().setAll(rect(0, 0, w, h));
            double cw = Math.min(WIDE, w - 2 * GAP);
            double ch = height.applyAsDouble(cw);
            card.resizeRelocate(Math.round((w - cw) / 2), Math.round(Math.max(0, (h - ch) / 2)), cw, ch);
            return;
        }
        Bounds box = grow(target, PAD, area);
        outline.setVisible(true);
        outline.setX(box.getMinX());
        outline.setY(box.getMinY());
        outline.setWidth(box.getWidth());
        outline.setHeight(box.getHeight());
        dim.getElements().setAll(rect(0, 0, w, h));
        dim.getElements().addAll(rect(box.getMinX(), box.getMinY(), box.getWidth(), box.getHeight()));
        Placement p = place(box, height, area);
        card.resizeRelocate(Math.round(p.x()), Math.round(p.y()), p.width(), p.height());
    }

    /** Where the card goes, and its size. */
    record Placement(double x, double y, double width, double height) {
        Bounds bounds() {
            return new BoundingBox(x, y, width, height);
        }
    }

    /**
     * The card beside {@code box} inside {@code window} (less a margin): to the right, left, below or above, the first that fits whole
     * without touching the box; when none does, the one covering the least of it. Beside means a narrow card level
     * with the box's top; below and above a wide one level with its left.
     */
    static Placement place(Bounds box, DoubleUnaryOperator heightForWidth, Bounds window) {
        Bounds area = new BoundingBox(window.getMinX() + MARGIN, window.getMinY() + MARGIN,
                window.getWidth() - 2 * MARGIN, window.getHeight() - 2 * MARGIN);
        double narrowH = heightForWidth.applyAsDouble(NARROW);
        List<Placement> candidates = new java.util.ArrayList<>(List.of(
                new Placement(box.getMaxX() + GAP, clamp(box.getMinY(), area.getMinY(), area.getMaxY() - narrowH),
                        NARROW, narrowH),
                new Placement(box.getMinX() - GAP - NARROW, clamp(box.getMinY(), area.getMinY(), area.getMaxY() - narrowH),
                        NARROW, narrowH)));
        for (double w : new double[] {WIDE, WIDEST}) {
            double wide = Math.min(w, area.getWidth());
            double wideH = heightForWidth.applyAsDouble(wide);
            double x = clamp(box.getMinX(), area.getMinX(), area.getMaxX() - wide);
            candidates.add(new Placement(x, box.getMaxY() + GAP, wide, wideH));
            candidates.add(new Placement(x, box.getMinY() - GAP - wideH, wide, wideH));
        }
        Placement best = null;
        double bestCover = Double.MAX_VALUE;
        for (Placement p : candidates) {
            if (contains(area, p.bounds()) && !p.bounds().intersects(box)) {
                return p;
            }
            Placement inside = new Placement(clamp(p.x(), area.getMinX(), area.getMaxX() - p.width()),
                    clamp(p.y(), area.getMinY(), area.getMaxY() - p.height()), p.width(), p.height());
            double cover = overlap(inside.bounds(), box);
            if (cover < bestCover) {
                bestCover = cover;
                best = inside;
            }
        }
        return best;
    }

    /** {@code b} grown by {@code by} on every side, cut to {@code area}. */
    static Bounds grow(Bounds b, double by, Bounds area) {
        double x0 = Math.max(area.getMinX(), b.getMinX() - by);
        double y0 = Math.max(area.getMinY(), b.getMinY() - by);
        double x1 = Math.min(area.getMaxX(), b.getMaxX() + by);
        double y1 = Math.min(area.getMaxY(), b.getMaxY() + by);
        return new BoundingBox(x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0));
    }

    static boolean contains(Bounds outer, Bounds inner) {
        return inner.getMinX() >= outer.getMinX() - 0.5 && inner.getMinY() >= outer.getMinY() - 0.5
                && inner.getMaxX() <= outer.getMaxX() + 0.5 && inner.getMaxY() <= outer.getMaxY() + 0.5;
    }

    private static double overlap(Bounds a, Bounds b) {
        double w = Math.min(a.getMaxX(), b.getMaxX()) - Math.max(a.getMinX(), b.getMinX());
        double h = Math.min(a.getMaxY(), b.getMaxY()) - Math.max(a.getMinY(), b.getMinY());
        return w <= 0 || h <= 0 ? 0 : w * h;
    }

    private static double clamp(double v, double lo, double hi) {
        return hi < lo ? lo : Math.max(lo, Math.min(hi, v));
    }

    private static List<javafx.scene.shape.PathElement> rect(double x, double y, double w, double h) {
        return List.of(new MoveTo(x, y), new LineTo(x + w, y), new LineTo(x + w, y + h), new LineTo(x, y + h),
                new ClosePath());
    }
}
