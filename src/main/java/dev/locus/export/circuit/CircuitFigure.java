package dev.locus.export.circuit;

import dev.locus.export.FigureExport;
import dev.locus.export.FigureTheme;
import dev.locus.export.heatmap.DivergingScale;
import dev.locus.export.heatmap.HeatmapCharts;
import dev.locus.localize.circuit.Circuit;
import dev.locus.localize.circuit.CircuitReport;
import dev.locus.localize.circuit.EdgeScores;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.CubicCurve2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A circuit drawn as a graph ({@link CircuitGeometry}): every node, the circuit's edges as curves from an upstream
 * node's top to a downstream input, wider for a larger |score| and colored by sign on the heatmaps' diverging scale
 * (red carries the answer, blue works against it), the strongest drawn last. Nodes the circuit runs through are
 * framed dark, the rest light; the selection shown is outlined solid and a comparison dashed green, as on the
 * heatmaps. The same drawing serves the workbench (through FXGraphics2D, zoomed and panned, culled to the view, its
 * edges batched by the caller's reusable paths) and the PNG, SVG and PDF files ({@link FigureExport}, fitted to the
 * page with a title and a legend). Immutable: draw it from any thread (batches belong to the thread that passes them).
 */
public final class CircuitFigure implements FigureExport.Drawing {
    private static final Color NODE_IN = new Color(0x555555);
    private static final Color NODE_OUT = new Color(0xc8c8c8);
    private static final Color NODE_FILL_IN = Color.WHITE;
    private static final Color NODE_FILL_OUT = new Color(0xf3f3f3);
    private static final Color LABEL_OUT = new Color(0x9a9a9a);
    /** Edge widths in 0.25 px steps, built once: a frame allocates no stroke. */
    private static final Stroke[] WIDTHS = new Stroke[32];
    private static final Stroke NODE_STROKE = new BasicStroke(1f);
    private static final Stroke SELECTION_STROKE = new BasicStroke(2.4f);
    private static final Stroke COMPARISON_STROKE = new BasicStroke(1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
            10f, new float[] {4f, 3f}, 0f);
    private static final double TITLE_HEIGHT = 34;
    /** Levels of |score| the screen batches edges by, per sign. */
    private static final int LEVELS = 16;
    /** Batches of edges drawn as one path each on screen: one per sign and level. */
    public static final int BATCHES = 2 * LEVELS;
    private static final double LEGEND_HEIGHT = 28;

    static {
        for (int i = 0; i < WIDTHS.length; i++) {
            WIDTHS[i] = new BasicStroke(0.25f * (i + 1), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
        }
    }

    private final Circuit circuit;
    private final CircuitGeometry geometry;
    private final String title;
    private final List<EdgeScores.Edge> edges;
    /** Per drawn edge, weakest first: ends in figure pixels, relative |score| and color. */
    private final double[] x0;
    private final double[] y0;
    private final double[] x1;
    private final double[] y1;
    private final double[] strength;
    private final Color[] colors;
    /** Per drawn edge its batch on screen: sign (16 for positive) plus |score| in 16 levels. */
    private final int[] batch;
    private final Color[] batchColors = new Color[BATCHES];
    private final boolean[] inCircuit;
    private final boolean[] selected;
    private final boolean[] compared;

    /**
     * @param selection the selection shown (component ids), outlined solid; null for none
     * @param comparison the selection compared with it, outlined dashed; null for none
     * @param title the figure's title in files (the view shows none)
     */
    public CircuitFigure(Circuit circuit, Collection<String> selection, Collection<String> comparison, String title) {
        this(circuit, new CircuitGeometry(circuit.layout()), selection, comparison, title);
    }

    /** As the other constructor, reusing a geometry of the same layout. */
    public CircuitFigure(Circuit circuit, CircuitGeometry geometry, Collection<String> selection,
                         Collection<String> comparison, String title) {
        this.circuit = circuit;
        this.geometry = geometry;
        this.title = title;
        List<EdgeScores.Edge> sorted = new ArrayList<>(circuit.edges());
        sorted.sort(Comparator.comparingDouble(e -> Math.abs(e.score())));
        edges = List.copyOf(sorted);
        int n = edges.size();
        x0 = new double[n];
        y0 = new double[n];
        x1 = new double[n];
        y1 = new double[n];
        strength = new double[n];
        colors = new Color[n];
        batch = new int[n];
        double max = n == 0 ? 1 : Math.abs(edges.get(n - 1).score());
        max = max > 0 ? max : 1;
        DivergingScale scale = new DivergingScale(1);
        inCircuit = new boolean[geometry.nodeCount()];
        for (int i = 0; i < n; i++) {
            EdgeScores.Edge e = edges.get(i);
            x0[i] = geometry.startX(e.upstream());
            y0[i] = geometry.startY(e.upstream());
            x1[i] = geometry.portX(e.downstream());
            y1[i] = geometry.portY(e.downstream());
            strength[i] = Math.abs(e.score()) / max;
            // A floor keeps the weakest drawn edge visible on white; the sign picks the end of the scale.
            colors[i] = (Color) scale.getPaint(Math.signum(e.score()) * (0.35 + 0.65 * strength[i]));
            batch[i] = (e.score() > 0 ? LEVELS : 0) + (int) Math.round(strength[i] * (LEVELS - 1));
            inCircuit[geometry.upstreamNode(e.upstream())] = true;
            inCircuit[geometry.downstreamNode(e.downstream())] = true;
        }
        for (int b = 0; b < BATCHES; b++) {
            batchColors[b] = (Color) scale.getPaint((b >= LEVELS ? 1 : -1) * (0.35 + 0.65 * level(b)));
        }
        selected = geometry.covered(selection);
        compared = geometry.covered(comparison);
    }

    public Circuit circuit() {
        return circuit;
    }

    public CircuitGeometry geometry() {
        return geometry;
    }

    /** How many edges the figure has (all drawn when the whole figure is in view). */
    public int edgeCount() {
        return edges.size();
    }

    /** Edge i, weakest first (the drawing order). */
    public EdgeScores.Edge edge(int i) {
        return edges.get(i);
    }

    /** Whether the circuit runs through node n. */
    public boolean inCircuit(int node) {
        return inCircuit[node];
    }

    /** The figure's natural size in pixels: the graph at zoom 1 with the title and the legend. */
    public int naturalWidth() {
        return (int) Math.ceil(Math.max(480, geometry.width()));
    }

    public int naturalHeight() {
        return (int) Math.ceil(geometry.height() + TITLE_HEIGHT + LEGEND_HEIGHT);
    }

    /** The whole figure fitted into area: title, graph, legend (files). */
    @Override
    public void draw(Graphics2D g, Rectangle2D area) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setPaint(FigureTheme.BACKGROUND);
        g.fill(area);
        g.setPaint(FigureTheme.TEXT);
        g.setFont(FigureTheme.AXIS_LABEL_FONT);
        if (title != null && !title.isEmpty()) {
            g.drawString(title, (float) (area.getX() + CircuitGeometry.MARGIN), (float) (area.getY() + 22));
        }
        double gw = area.getWidth();
        double gh = area.getHeight() - TITLE_HEIGHT - LEGEND_HEIGHT;
        double scale = Math.min(gw / geometry.width(), gh / geometry.height());
        double ox = area.getX() + (gw - geometry.width() * scale) / 2;
        double oy = area.getY() + TITLE_HEIGHT + (gh - geometry.height() * scale) / 2;
        drawGraph(g, scale, ox, oy, area.getX(), area.getY(), area.getWidth(), area.getHeight());
        legend(g, area.getX() + CircuitGeometry.MARGIN, area.getMaxY() - 10);
    }

    /**
     * The graph at {@code scale}, figure point (x, y) drawn at (x * scale + ox, y * scale + oy); only what meets the
     * view rectangle is drawn. Line widths and text stay readable at any zoom; labels are left out when the boxes get
     * too small for them. Returns how many edges were drawn.
     */
    public int drawGraph(Graphics2D g, double scale, double ox, double oy, double viewX, double viewY, double viewW,
                         double viewH) {
        return drawGraph(g, scale, ox, oy, viewX, viewY, viewW, viewH, null);
    }

    /**
     * As {@link #drawGraph(Graphics2D, double, double, double, double, double, double, double)}; with
     * {@code batches} ({@link #BATCHES} paths, reused by the caller from frame to frame) the edges are drawn as one
     * path per sign and level of |score| (16 levels), weakest first: a few strokes instead of thousands, for the
     * screen. Files draw one path per edge with its exact width and color.
     */
    public int drawGraph(Graphics2D g, double scale, double ox, double oy, double viewX, double viewY, double viewW,
                         double viewH, Path2D.Double[] batches) {
        int drawn = drawEdges(g, scale, ox, oy, viewX, viewY, viewW, viewH, batches);
        drawNodes(g, scale, ox, oy, viewX, viewY, viewW, viewH);
        return drawn;
    }

    /** The edges alone, as {@link #drawGraph} draws them (the screen draws them apart from the nodes). */
    public int drawEdges(Graphics2D g, double scale, double ox, double oy, double viewX, double viewY, double viewW,
                         double viewH, Path2D.Double[] batches) {
        double right = viewX + viewW;
        double bottom = viewY + viewH;
        // Edges: a curve that leaves its node upwards and enters the input from below.
        CubicCurve2D.Double curve = new CubicCurve2D.Double();
        int drawn = 0;
        if (batches != null) {
            for (Path2D.Double b : batches) {
                b.reset();
            }
        }
        for (int i = 0; i < x0.length; i++) {
            double ax = x0[i] * scale + ox;
            double ay = y0[i] * scale + oy;
            double bx = x1[i] * scale + ox;
            double by = y1[i] * scale + oy;
            if (Math.max(ax, bx) < viewX || Math.min(ax, bx) > right || Math.max(ay, by) < viewY || Math.min(ay, by) > bottom) {
                continue;   // the curve stays inside its ends' box
            }
            double bend = (ay - by) * 0.45;
            drawn++;
            if (batches != null) {
                Path2D.Double path = batches[batch[i]];
                path.moveTo(ax, ay);
                path.curveTo(ax, ay - bend, bx, by + bend, bx, by);
                continue;
            }
            curve.setCurve(ax, ay, ax, ay - bend, bx, by + bend, bx, by);
            g.setStroke(WIDTHS[widthIndex(strength[i], scale)]);
            g.setPaint(colors[i]);
            g.draw(curve);
        }
        if (batches != null) {
            for (int level = 0; level < LEVELS; level++) {
                for (int b : new int[] {level, LEVELS + level}) {
                    if (batches[b].getCurrentPoint() != null) {
                        g.setStroke(WIDTHS[widthIndex(level(b), scale)]);
                        g.setPaint(batchColors[b]);
                        g.draw(batches[b]);
                    }
                }
            }
        }
        return drawn;
    }

    /** The layer labels and the nodes with their labels and outlines, as {@link #drawGraph} draws them. */
    public void drawNodes(Graphics2D g, double scale, double ox, double oy, double viewX, double viewY, double viewW,
                          double viewH) {
        drawLayerLabels(g, scale, ox, oy, viewY, viewY + viewH);
        drawBoxes(g, scale, ox, oy, viewX, viewY, viewX + viewW, viewY + viewH);
    }

    /** "L3" right-aligned in the left margin, as large as the margin allows, every k-th row when rows get tight. */
    private void drawLayerLabels(Graphics2D g, double scale, double ox, double oy, double top, double bottom) {
        float size = (float) Math.min(13, (CircuitGeometry.LEFT - 8) * scale / 1.9);
        if (size < 5) {
            return;
        }
        g.setFont(FigureTheme.TICK_LABEL_FONT.deriveFont(size));
        g.setPaint(FigureTheme.TICK_TEXT);
        int every = (int) Math.ceil(1.4 * size / (scale * CircuitGeometry.ROW));
        double right = (CircuitGeometry.LEFT - 6) * scale + ox;
        for (int l = 0; l < geometry.layout().layers(); l += Math.max(1, every)) {
            double y = geometry.rowY(l) * scale + oy;
            if (y > top - 10 && y < bottom + 10) {
                String label = "L" + l;
                float w = (float) g.getFontMetrics().getStringBounds(label, g).getWidth();
                g.drawString(label, (float) (right - w), (float) (y + size * 0.36));
            }
        }
    }

    private void drawBoxes(Graphics2D g, double scale, double ox, double oy, double left, double top, double right,
                           double bottom) {
        double h = CircuitGeometry.NODE_H * scale;
        boolean labels = h >= 9;
        Font font = FigureTheme.TICK_LABEL_FONT.deriveFont((float) Math.min(12, Math.max(7, 10.5 * scale)));
        g.setFont(font);
        g.setStroke(NODE_STROKE);
        Rectangle2D.Double box = new Rectangle2D.Double();
        for (int n = 0; n < geometry.nodeCount(); n++) {
            double w = geometry.nodeWidth(n) * scale;
            double x = geometry.x(n) * scale + ox - w / 2;
            double y = geometry.y(n) * scale + oy - h / 2;
            if (x + w < left || x > right || y + h < top || y > bottom) {
                continue;
            }
            box.setRect(x, y, w, h);
            g.setPaint(inCircuit[n] ? NODE_FILL_IN : NODE_FILL_OUT);
            g.fill(box);
            g.setPaint(inCircuit[n] ? NODE_IN : NODE_OUT);
            g.draw(box);
            if (labels) {
                String label = geometry.label(n);
                g.setPaint(inCircuit[n] ? FigureTheme.TEXT : LABEL_OUT);
                float tw = (float) g.getFontMetrics().getStringBounds(label, g).getWidth();
                g.drawString(label, (float) (x + (w - tw) / 2), (float) (y + h / 2 + font.getSize2D() * 0.36));
            }
            if (selected[n]) {
                g.setStroke(SELECTION_STROKE);
                g.setPaint(HeatmapCharts.SELECTION_OUTLINE);
                box.setRect(x - 2.5, y - 2.5, w + 5, h + 5);
                g.draw(box);
                g.setStroke(NODE_STROKE);
            }
            if (compared[n]) {
                g.setStroke(COMPARISON_STROKE);
                g.setPaint(HeatmapCharts.COMPARISON_OUTLINE);
                box.setRect(x + 2, y + 2, w - 4, h - 4);
                g.draw(box);
                g.setStroke(NODE_STROKE);
            }
        }
    }

    /**
     * The edge under view point (px, py) as {@link #drawGraph} draws it at this scale and offset: the topmost (the
     * strongest) whose curve passes within {@code tolerance} pixels plus half its width, or -1.
     */
    public int edgeAt(double px, double py, double scale, double ox, double oy, double tolerance) {
        for (int i = x0.length - 1; i >= 0; i--) {
            double ax = x0[i] * scale + ox;
            double ay = y0[i] * scale + oy;
            double bx = x1[i] * scale + ox;
            double by = y1[i] * scale + oy;
            double reach = tolerance + 0.125 * (widthIndex(strength[i], scale) + 1);
            if (px < Math.min(ax, bx) - reach || px > Math.max(ax, bx) + reach
                    || py < Math.min(ay, by) - reach || py > Math.max(ay, by) + reach) {
                continue;
            }
            double bend = (ay - by) * 0.45;
            double lastX = ax;
            double lastY = ay;
            for (int k = 1; k <= 24; k++) {
                double t = k / 24.0;
                double m = 1 - t;
                double cx = m * m * m * ax + 3 * m * m * t * ax + 3 * m * t * t * bx + t * t * t * bx;
                double cy = m * m * m * ay + 3 * m * m * t * (ay - bend) + 3 * m * t * t * (by + bend) + t * t * t * by;
                if (segmentDistance(px, py, lastX, lastY, cx, cy) <= reach) {
                    return i;
                }
                lastX = cx;
                lastY = cy;
            }
        }
        return -1;
    }

    /** The relative |score| a batch stands for. */
    private static double level(int batch) {
        return (batch % LEVELS) / (double) (LEVELS - 1);
    }

    /** An edge's stroke at this scale: 0.6 to 4.2 px by |score|, thinner when zoomed out, thicker zoomed in. */
    private static int widthIndex(double strength, double scale) {
        double zoomWidth = Math.sqrt(Math.max(0.3, Math.min(2, scale)));
        int w = (int) Math.round((0.6 + 3.6 * strength) * zoomWidth * 4) - 1;
        return Math.max(0, Math.min(WIDTHS.length - 1, w));
    }

    /** The node whose box holds view point (px, py) at this scale and offset, or -1. */
    public int nodeAt(double px, double py, double scale, double ox, double oy) {
        double h = CircuitGeometry.NODE_H * scale;
        for (int n = 0; n < geometry.nodeCount(); n++) {
            double w = geometry.nodeWidth(n) * scale;
            double x = geometry.x(n) * scale + ox;
            double y = geometry.y(n) * scale + oy;
            if (Math.abs(px - x) <= w / 2 && Math.abs(py - y) <= h / 2) {
                return n;
            }
        }
        return -1;
    }

    private static double segmentDistance(double px, double py, double ax, double ay, double bx, double by) {
        double dx = bx - ax;
        double dy = by - ay;
        double length = dx * dx + dy * dy;
        double t = length == 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length));
        return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
    }

    /** The colors' meaning, in one line. */
    private void legend(Graphics2D g, double x, double baseline) {
        g.setFont(FigureTheme.LEGEND_FONT);
        DivergingScale scale = new DivergingScale(1);
        String[] words = {"carries the answer", "works against it"};
        double[] signs = {1, -1};
        double at = x;
        for (int i = 0; i < 2; i++) {
            g.setPaint(scale.getPaint(signs[i]));
            g.fill(new Rectangle2D.Double(at, baseline - 9, 22, 6));
            g.setPaint(FigureTheme.TEXT);
            g.drawString(words[i], (float) (at + 28), (float) baseline);
            at += 40 + g.getFontMetrics().stringWidth(words[i]);
        }
        g.drawString("width: |score|", (float) at, (float) baseline);
    }

    /** The title a circuit's files carry: method, edges, the rule, faithfulness. */
    public static String title(CircuitReport report) {
        Circuit c = report.circuit();
        String f = Double.isNaN(report.faithfulness()) ? "" : String.format(Locale.ROOT, ", faithfulness %.2f",
                report.faithfulness());
        return String.format(Locale.ROOT, "%s circuit: %d edges%s", c.scores().method(), c.edges().size(), f);
    }

    /**
     * Writes {@code baseName.png}, {@code .svg} and {@code .pdf} of the report's circuit into dir at its natural size
     * (the command line's figures), the PNG at dpi.
     */
    public static CircuitFigure writeAll(CircuitReport report, Path dir, String baseName, int dpi,
                                         Collection<String> selection, Collection<String> comparison) {
        CircuitFigure figure = new CircuitFigure(report.circuit(), selection, comparison, title(report));
        FigureExport.writeAll(figure, dir, baseName, figure.naturalWidth(), figure.naturalHeight(), dpi, file -> { });
        return figure;
    }
}
