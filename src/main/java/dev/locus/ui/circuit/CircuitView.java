package dev.locus.ui.circuit;

import dev.locus.export.circuit.CircuitFigure;
import dev.locus.export.circuit.CircuitGeometry;
import dev.locus.localize.circuit.EdgeScores;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import javafx.application.Platform;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import org.jfree.fx.FXGraphics2D;

/**
 * The circuit graph on a canvas, drawn by the same {@link CircuitFigure} as the exported files: the nodes and labels
 * through one FXGraphics2D (kept for the canvas's life) at every redraw, the edges as an image rendered off the
 * JavaFX thread ({@link EdgeLayer}) and moved with the view until the next one is in. The mouse wheel zooms around
 * the pointer, a drag pans, hovering names the edge or node under the pointer, a click picks a node. Redraws are
 * coalesced (one per burst of events) and draw only what is in view.
 */
public final class CircuitView extends Region {
    static final double MIN_ZOOM = 0.05;
    static final double MAX_ZOOM = 6;

    private final Canvas canvas = new Canvas(10, 10);
    private final FXGraphics2D g2 = new FXGraphics2D(canvas.getGraphicsContext2D());
    private final EdgeLayer edges = new EdgeLayer(this::requestRedraw);
    private CircuitFigure figure;
    private double scale = 1;
    private double ox;
    private double oy;
    private boolean fitted;
    private boolean pending;
    private double[] pressed;
    private boolean dragged;
    private Consumer<String> onHover = s -> { };
    private Consumer<Integer> onNodeClicked = n -> { };
    private LongConsumer onRedraw = nanos -> { };

    public CircuitView() {
        getChildren().add(canvas);
        setMinSize(200, 160);
        getStyleClass().add("circuit-view");
        canvas.addEventHandler(ScrollEvent.SCROLL, e -> {
            if (e.getDeltaY() != 0) {
                zoomAt(Math.pow(1.0015, e.getDeltaY()), e.getX(), e.getY());
            }
            e.consume();
        });
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            pressed = e.getButton() == MouseButton.PRIMARY ? new double[] {e.getX(), e.getY(), ox, oy} : null;
            dragged = false;
        });
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            if (pressed != null && (dragged || Math.hypot(e.getX() - pressed[0], e.getY() - pressed[1]) > 3)) {
                dragged = true;
                ox = pressed[2] + e.getX() - pressed[0];
                oy = pressed[3] + e.getY() - pressed[1];
                fitted = false;
                requestRedraw();
            }
        });
        canvas.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> {
            if (pressed != null && !dragged && figure != null) {
                int node = figure.nodeAt(e.getX(), e.getY(), scale, ox, oy);
                if (node >= 0) {
                    onNodeClicked.accept(node);
                }
            }
            pressed = null;
        });
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> onHover.accept(describe(e.getX(), e.getY())));
        canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> onHover.accept(null));
    }

    /** Shows another figure; the first one (and one of another layout) is fitted to the view. */
    public void setFigure(CircuitFigure next) {
        boolean sameLayout = figure != null && next != null && figure.geometry().layout().equals(next.geometry().layout());
        figure = next;
        if (!sameLayout || fitted) {
            fitted = true;
            fit();
        }
        requestRedraw();
    }

    public CircuitFigure figure() {
        return figure;
    }

    /** What hovering says (the edge or node under the pointer; null when it leaves). */
    public void setOnHover(Consumer<String> action) {
        onHover = action;
    }

    /** What a click on a node does (its index in the figure's geometry). */
    public void setOnNodeClicked(Consumer<Integer> action) {
        onNodeClicked = action;
    }

    /** Told the time of each redraw on the JavaFX thread, in nanoseconds (the benchmark). */
    public void setOnRedraw(LongConsumer action) {
        onRedraw = action;
    }

    /** Zooms by factor around the view's centre. */
    public void zoom(double factor) {
        zoomAt(factor, getWidth() / 2, getHeight() / 2);
    }

    /** Zooms by factor keeping the figure point under view point (px, py) where it is. */
    public void zoomAt(double factor, double px, double py) {
        double next = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, scale * factor));
        ox = px - (px - ox) * next / scale;
        oy = py - (py - oy) * next / scale;
        scale = next;
        fitted = false;
        requestRedraw();
    }

    /** Moves the drawing by (dx, dy) pixels. */
    public void pan(double dx, double dy) {
        ox += dx;
        oy += dy;
        fitted = false;
        requestRedraw();
    }

    /** Shows the whole graph, centred; stays fitted as the view is resized until zoomed or panned. */
    public void fit() {
        fitted = true;
        if (figure == null || getWidth() <= 0 || getHeight() <= 0) {
            return;
        }
        CircuitGeometry geo = figure.geometry();
        scale = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, Math.min(getWidth() / geo.width(), getHeight() / geo.height())));
        ox = (getWidth() - geo.width() * scale) / 2;
        oy = (getHeight() - geo.height() * scale) / 2;
        requestRedraw();
    }

    public double scale() {
        return scale;
    }

    /** Where figure point (x, y) is in the view. */
    public double viewX(double x) {
        return x * scale + ox;
    }

    public double viewY(double y) {
        return y * scale + oy;
    }

    /** How many edges the latest edge image has (those in view). */
    public int lastDrawn() {
        return edges.drawn();
    }

    /** Whether the edges shown are drawn for the view as it is now (not a moved earlier image). */
    public boolean edgesCurrent() {
        return edges.current();
    }

    /** Told the time of each edge image's rendering off the JavaFX thread, in nanoseconds (the benchmark). */
    public void setOnEdgeRender(LongConsumer action) {
        edges.setOnRender(action);
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        double h = getHeight();
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            if (fitted) {
                fit();
            }
            requestRedraw();
        }
    }

    /** Draws at the next turn of the JavaFX thread, once for however many requests came before it. */
    public void requestRedraw() {
        if (!pending) {
            pending = true;
            Platform.runLater(this::redraw);
        }
    }

    /** Draws now (JavaFX thread). */
    public void redraw() {
        pending = false;
        long start = System.nanoTime();
        GraphicsContext gc = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        gc.setFill(javafx.scene.paint.Color.WHITE);
        gc.fillRect(0, 0, w, h);
        edges.draw(gc, figure, scale, ox, oy, (int) Math.ceil(w), (int) Math.ceil(h));
        if (figure != null) {
            figure.drawNodes(g2, scale, ox, oy, 0, 0, w, h);
        }
        onRedraw.accept(System.nanoTime() - start);
    }

    /** The hover line for a view point: the edge under it with its exact score, else the node, else null. */
    String describe(double x, double y) {
        if (figure == null) {
            return null;
        }
        int node = figure.nodeAt(x, y, scale, ox, oy);
        if (node >= 0) {
            return figure.geometry().name(node) + (figure.inCircuit(node) ? ": in the circuit; click for its edges"
                    : ": not in the circuit");
        }
        int edge = figure.edgeAt(x, y, scale, ox, oy, 3);
        return edge < 0 ? null : edgeText(figure, figure.edge(edge));
    }

    /** "L0.mlp -> L3.H1.q  score +0.01234  normalized +6.17%" */
    static String edgeText(CircuitFigure figure, EdgeScores.Edge e) {
        EdgeScores s = figure.circuit().scores();
        return String.format(Locale.ROOT, "%s   score %+.4g   normalized %+.2f%%", s.edgeName(e), e.score(),
                100 * s.normalized(e.score()));
    }
}
