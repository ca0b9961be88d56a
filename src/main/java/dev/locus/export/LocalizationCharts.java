package dev.locus.export;

import dev.locus.localize.method.ComponentScores;
import dev.locus.localize.method.Probes;
import dev.locus.model.component.Component;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.awt.Stroke;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYAnnotation;
import org.jfree.chart.annotations.XYShapeAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.Range;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The figures of a localization (the {@code localize} command's scores, tracing and probes), shared by the command
 * line and the workbench: a heatmap of component scores (layer x heads and MLP), causal tracing's layer x position
 * heatmap, and the probe curves FLU is read from. Heatmaps use a diverging blue-white-red scale symmetric around 0
 * with a legend, so a component that carries the answer is red and one that works against it blue; a selection can
 * be outlined over the cells it covers.
 */
public final class LocalizationCharts {
    /** The outline of the selection shown. */
    public static final Color SELECTION_OUTLINE = FigureTheme.TEXT;
    /** The outline of the selection compared against it. */
    public static final Color COMPARISON_OUTLINE = new Color(0x2ca02c);
    /** The diverging scale's ends and middle (ColorBrewer RdBu). */
    static final Color NEGATIVE = new Color(0x2166ac);
    static final Color ZERO = new Color(0xf7f7f7);
    static final Color POSITIVE = new Color(0xb2182b);

    private static final Stroke SELECTION_STROKE = new BasicStroke(2.6f);
    private static final Stroke COMPARISON_STROKE = new BasicStroke(2.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
            10f, new float[] {4f, 3f}, 0f);
    private static final Stroke LINE = new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    private static final Stroke CHANCE = new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[] {5f, 3f}, 0f);
    /** Column label of a layer's MLP in the component heatmap. */
    public static final String MLP = "MLP";

    private LocalizationCharts() {
    }

    /**
     * A grid of values to draw as a heatmap: {@code values[row][column]} (NaN: no value), the component id each cell
     * stands for (null where it stands for none, e.g. a position), rows drawn top to bottom.
     */
    public record Heatmap(List<String> columns, List<String> rows, double[][] values, String[][] ids, String xLabel,
            String yLabel, String valueLabel) {
        public Heatmap {
            columns = List.copyOf(columns);
            rows = List.copyOf(rows);
            Objects.requireNonNull(values, "values");
            Objects.requireNonNull(ids, "ids");
        }

        /** The value at a cell, NaN when outside or empty. */
        public double value(int row, int column) {
            return inside(row, column) ? values[row][column] : Double.NaN;
        }

        /** The component a cell stands for, or null. */
        public String id(int row, int column) {
            return inside(row, column) ? ids[row][column] : null;
        }

        public boolean inside(int row, int column) {
            return row >= 0 && row < rows.size() && column >= 0 && column < columns.size();
        }

        /** Components of the cells in the rectangle between two cells (inclusive, any corner order), row by row. */
        public List<String> idsBetween(int row0, int column0, int row1, int column1) {
            List<String> out = new ArrayList<>();
            for (int r = Math.max(0, Math.min(row0, row1)); r <= Math.min(rows.size() - 1, Math.max(row0, row1)); r++) {
                for (int c = Math.max(0, Math.min(column0, column1)); c <= Math.min(columns.size() - 1,
                        Math.max(column0, column1)); c++) {
                    if (ids[r][c] != null) {
                        out.add(ids[r][c]);
                    }
                }
            }
            return out;
        }

        /**
         * The cells {@code {row, column}} a component covers: its own cell, or for a layer's whole attention
         * ({@code L3.attn}) the cells of all that layer's heads.
         */
        public List<int[]> cellsOf(String component) {
            List<int[]> out = new ArrayList<>();
            String headsOf = component.endsWith(".attn") ? component.substring(0, component.length() - "attn".length()) + "H"
                    : null;
            for (int r = 0; r < rows.size(); r++) {
                for (int c = 0; c < columns.size(); c++) {
                    String id = ids[r][c];
                    if (id != null && (id.equals(component) || headsOf != null && id.startsWith(headsOf))) {
                        out.add(new int[] {r, c});
                    }
                }
            }
            return out;
        }

        /** The largest |value|, the bound of a scale symmetric around 0 (1 when there is none). */
        public double maxAbs() {
            double m = 0;
            for (double[] row : values) {
                for (double v : row) {
                    if (Double.isFinite(v)) {
                        m = Math.max(m, Math.abs(v));
                    }
                }
            }
            return m > 0 ? m : 1;
        }
    }

    /**
     * Component scores as a grid: one row per layer, one column per head ({@code H0}, {@code H1}, ...) and one for
     * the layer's MLP.
     *
     * @param normalized the share of the clean-corrupted gap each explains, rather than the raw metric effect
     */
    public static Heatmap componentHeatmap(ComponentScores scores, boolean normalized) {
        int layers = 0;
        int heads = 0;
        for (ComponentScores.Row r : scores.rows()) {
            layers = Math.max(layers, r.layer() + 1);
            heads = Math.max(heads, r.head() + 1);
        }
        List<String> columns = new ArrayList<>();
        for (int h = 0; h < heads; h++) {
            columns.add("H" + h);
        }
        columns.add(MLP);
        double[][] values = filled(layers, columns.size());
        String[][] ids = new String[layers][columns.size()];
        for (int l = 0; l < layers; l++) {
            for (int h = 0; h < heads; h++) {
                ids[l][h] = Component.headId(l, h);
            }
            ids[l][heads] = Component.mlpId(l);
        }
        for (ComponentScores.Row r : scores.rows()) {
            values[r.layer()][r.isMlp() ? heads : r.head()] = normalized ? r.normalized() : r.score();
        }
        return new Heatmap(columns, layerLabels(layers), values, ids, "Component", "Layer",
                valueLabel(scores, normalized));
    }

    /**
     * Causal tracing's layer x position heatmap for one site ({@code resid}, {@code mlp} or {@code attn}). For
     * per-position activation patching, whose sites are components, {@code mlp} is each layer's MLP and
     * {@code attn} the sum of the layer's heads.
     */
    public static Heatmap positionHeatmap(ComponentScores scores, String site, boolean normalized) {
        int layers = 0;
        Map<Integer, String> labels = new java.util.TreeMap<>();
        for (ComponentScores.PositionEffect p : scores.positions()) {
            layers = Math.max(layers, p.layer() + 1);
            labels.putIfAbsent(p.position(), p.token());
        }
        List<String> columns = new ArrayList<>(labels.values());
        List<Integer> positions = new ArrayList<>(labels.keySet());
        double[][] values = filled(layers, columns.size());
        for (ComponentScores.PositionEffect p : scores.positions()) {
            if (siteOf(p.site()).equals(site)) {
                int c = positions.indexOf(p.position());
                double v = normalized ? p.normalized() : p.effect();
                values[p.layer()][c] = Double.isNaN(values[p.layer()][c]) ? v : values[p.layer()][c] + v;
            }
        }
        return new Heatmap(columns, layerLabels(layers), values, new String[layers][columns.size()], "Token position",
                "Layer", valueLabel(scores, normalized) + " (" + site + " restored)");
    }

    /** The sites {@link #positionHeatmap} can draw for these scores, empty when they have no per-position effects. */
    public static List<String> positionSites(ComponentScores scores) {
        Set<String> out = new LinkedHashSet<>();
        scores.positions().forEach(p -> out.add(siteOf(p.site())));
        return List.copyOf(out);
    }

    /** A site of causal tracing as it is, a component of per-position patching as its kind. */
    private static String siteOf(String site) {
        if (site.endsWith(".mlp")) {
            return "mlp";
        }
        return site.contains(".H") || site.endsWith(".attn") ? "attn" : site;
    }

    /** A heatmap chart: the diverging scale symmetric around 0, its legend on the right, layer 0 at the top. */
    public static JFreeChart heatmap(Heatmap grid, String title) {
        DefaultXYZDataset data = new DefaultXYZDataset();
        int n = 0;
        for (double[] row : grid.values()) {
            for (double v : row) {
                n += Double.isNaN(v) ? 0 : 1;
            }
        }
        double[][] xyz = new double[3][n];
        int i = 0;
        for (int r = 0; r < grid.rows().size(); r++) {
            for (int c = 0; c < grid.columns().size(); c++) {
                double v = grid.values()[r][c];
                if (!Double.isNaN(v)) {
                    xyz[0][i] = c;
                    xyz[1][i] = r;
                    xyz[2][i] = v;
                    i++;
                }
            }
        }
        data.addSeries("values", xyz);
        double bound = grid.maxAbs();
        DivergingScale scale = new DivergingScale(bound);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(scale);
        renderer.setBlockAnchor(RectangleAnchor.CENTER);
        renderer.setDefaultToolTipGenerator((dataset, series, item) -> {
            int c = (int) dataset.getXValue(series, item);
            int r = (int) dataset.getYValue(series, item);
            return cellText(grid, r, c);
        });
        SymbolAxis x = new SymbolAxis(grid.xLabel(), grid.columns().toArray(String[]::new));
        SymbolAxis y = new SymbolAxis(grid.yLabel(), grid.rows().toArray(String[]::new));
        for (SymbolAxis axis : List.of(x, y)) {
            axis.setGridBandsVisible(false);
            axis.setAutoRange(false);
        }
        x.setRange(new Range(-0.5, grid.columns().size() - 0.5), true, false);
        y.setRange(new Range(-0.5, grid.rows().size() - 0.5), true, false);
        y.setInverted(true);
        if (grid.columns().stream().mapToInt(String::length).max().orElse(0) > 4) {
            x.setVerticalTickLabels(grid.columns().size() > 8);
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        FigureTheme.apply(chart);
        plot.setBackgroundPaint(FigureTheme.GRID);
        NumberAxis legendAxis = new NumberAxis(grid.valueLabel());
        legendAxis.setRange(-bound, bound);
        legendAxis.setTickLabelFont(FigureTheme.TICK_LABEL_FONT);
        legendAxis.setLabelFont(FigureTheme.AXIS_LABEL_FONT);
        legendAxis.setTickLabelPaint(FigureTheme.TICK_TEXT);
        legendAxis.setLabelPaint(FigureTheme.TEXT);
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setAxisLocation(org.jfree.chart.axis.AxisLocation.BOTTOM_OR_RIGHT);
        legend.setStripWidth(14);
        legend.setSubdivisionCount(64);
        legend.setMargin(new RectangleInsets(8, 14, 8, 4));
        legend.setPadding(new RectangleInsets(0, 0, 0, 0));
        legend.setFrame(BlockBorder.NONE);
        legend.setBackgroundPaint(FigureTheme.BACKGROUND);
        chart.addSubtitle(legend);
        return chart;
    }

    /** "L3.H2 = 0.412" for a component's cell, "L3 at subject-last = 0.412" for a position's. */
    public static String cellText(Heatmap grid, int row, int column) {
        if (!grid.inside(row, column)) {
            return "";
        }
        double v = grid.value(row, column);
        String where = grid.id(row, column) != null ? grid.id(row, column)
                : grid.rows().get(row) + " at " + grid.columns().get(column);
        return where + " = " + (Double.isNaN(v) ? "no value" : String.format(Locale.ROOT, "%.4g", v));
    }

    /**
     * Outlines the cells of {@code components} on a heatmap chart of {@code grid}: the selection shown as solid
     * dark boxes, a comparison dashed green inside them. Earlier outlines of the same kind are replaced.
     */
    public static void outline(JFreeChart chart, Heatmap grid, Collection<String> components, boolean comparison) {
        XYPlot plot = chart.getXYPlot();
        Paint paint = comparison ? COMPARISON_OUTLINE : SELECTION_OUTLINE;
        for (Object a : List.copyOf(plot.getAnnotations())) {
            if (a instanceof Outline o && o.comparison == comparison) {
                plot.removeAnnotation((XYAnnotation) a, false);
            }
        }
        // Comparison boxes sit slightly inside the cell so that both outlines show on a shared cell.
        double inset = comparison ? 0.14 : 0.03;
        Set<String> cells = new LinkedHashSet<>();
        for (String id : components == null ? List.<String>of() : components) {
            for (int[] cell : grid.cellsOf(id)) {
                if (cells.add(cell[0] + ":" + cell[1])) {
                    plot.addAnnotation(new Outline(new Rectangle2D.Double(cell[1] - 0.5 + inset, cell[0] - 0.5 + inset,
                            1 - 2 * inset, 1 - 2 * inset), comparison ? COMPARISON_STROKE : SELECTION_STROKE, paint,
                            comparison), false);
                }
            }
        }
        chart.fireChartChanged();
    }

    /** An outline box, told apart from other annotations so that it can be replaced. */
    private static final class Outline extends XYShapeAnnotation {
        private static final long serialVersionUID = 1L;
        private final boolean comparison;

        Outline(Rectangle2D box, Stroke stroke, Paint paint, boolean comparison) {
            super(box, stroke, paint);
            this.comparison = comparison;
        }

        @Override
        public boolean equals(Object o) {
            return o == this;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    /**
     * Probe accuracy per layer ("emb" for the embeddings) on held-out facts: the subject alone (what FLU is read
     * from) and the full prompt at the subject's last token and at the final token, with chance as a dashed line.
     */
    public static JFreeChart probeCurves(List<Probes.Row> rows) {
        Objects.requireNonNull(rows, "rows");
        Map<String, String[]> curves = new LinkedHashMap<>();
        curves.put("Subject alone (last token)", new String[] {Probes.SUBJECT, Probes.SUBJECT_LAST});
        curves.put("Full prompt, subject's last token", new String[] {Probes.PROMPT, Probes.SUBJECT_LAST});
        curves.put("Full prompt, final token", new String[] {Probes.PROMPT, Probes.FINAL});
        Color[] colors = {MethodStyle.color("flu"), MethodStyle.color("attribution-patching"), FigureTheme.TICK_TEXT};
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        int s = 0;
        int minLayer = 0;
        int maxLayer = 0;
        for (Map.Entry<String, String[]> e : curves.entrySet()) {
            List<Probes.Row> curve = Probes.curve(rows, e.getValue()[0], e.getValue()[1]);
            if (curve.isEmpty()) {
                continue;
            }
            XYSeries series = new XYSeries(e.getKey());
            for (Probes.Row r : curve) {
                series.add(r.layer(), r.accuracy());
                minLayer = Math.min(minLayer, r.layer());
                maxLayer = Math.max(maxLayer, r.layer());
            }
            data.addSeries(series);
            renderer.setSeriesPaint(s, colors[Math.min(s, colors.length - 1)]);
            renderer.setSeriesStroke(s, LINE);
            s++;
        }
        renderer.setDefaultToolTipGenerator(new org.jfree.chart.labels.StandardXYToolTipGenerator());
        NumberAxis x = new NumberAxis("Layer (emb = embeddings)");
        x.setTickUnit(new NumberTickUnit(Charts.integerTickUnit(java.util.stream.IntStream.rangeClosed(minLayer, maxLayer)
                .boxed().toList()), new LayerNumbers()), false, true);
        x.setRange(minLayer - 0.3, maxLayer + 0.3);
        NumberAxis y = new NumberAxis("Held-out probe accuracy");
        y.setRange(new Range(0.0, 1.02), true, false);
        y.setTickUnit(new NumberTickUnit(0.1), false, true);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        if (!rows.isEmpty()) {
            ValueMarker chance = new ValueMarker(rows.get(0).chance(), FigureTheme.AXIS_LINE, CHANCE);
            chance.setLabel(String.format(Locale.ROOT, "chance %.2f", rows.get(0).chance()));
            chance.setLabelFont(FigureTheme.TICK_LABEL_FONT);
            chance.setLabelPaint(FigureTheme.TICK_TEXT);
            chance.setLabelBackgroundColor(FigureTheme.BACKGROUND);
            chance.setLabelAnchor(RectangleAnchor.BOTTOM_RIGHT);
            chance.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.TOP_RIGHT);
            plot.addRangeMarker(chance);
        }
        plot.setNoDataMessage("No probe curves: run probes (or any method without FLU layers given by hand)");
        return FigureTheme.apply(new JFreeChart("Where the fact becomes readable", JFreeChart.DEFAULT_TITLE_FONT, plot,
                true));
    }

    private static double[][] filled(int rows, int columns) {
        double[][] v = new double[rows][columns];
        for (double[] row : v) {
            java.util.Arrays.fill(row, Double.NaN);
        }
        return v;
    }

    private static List<String> layerLabels(int layers) {
        List<String> out = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            out.add("L" + l);
        }
        return out;
    }

    private static String valueLabel(ComponentScores scores, boolean normalized) {
        return normalized ? "Share of clean-corrupted gap" : "Effect on " + scores.metric().text();
    }

    /** Layer -1 is the embeddings. */
    private static final class LayerNumbers extends java.text.NumberFormat {
        private static final long serialVersionUID = 1L;

        @Override
        public StringBuffer format(double number, StringBuffer to, java.text.FieldPosition pos) {
            return Math.round(number) == -1 ? to.append("emb") : to.append(Math.round(number));
        }

        @Override
        public StringBuffer format(long number, StringBuffer to, java.text.FieldPosition pos) {
            return format((double) number, to, pos);
        }

        @Override
        public Number parse(String source, java.text.ParsePosition pos) {
            return null;
        }
    }

    /**
     * Blue below 0, white at 0, red above, linear in the value and symmetric so that equal colors mean equal
     * magnitudes; a 256-entry table keeps a lookup cheap for large heatmaps.
     */
    public static final class DivergingScale implements PaintScale, java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final double bound;
        private final Color[] table = new Color[257];

        public DivergingScale(double bound) {
            this.bound = bound > 0 ? bound : 1;
            for (int i = 0; i < table.length; i++) {
                double t = (i - 128) / 128.0;
                table[i] = t < 0 ? mix(ZERO, NEGATIVE, -t) : mix(ZERO, POSITIVE, t);
            }
        }

        @Override
        public double getLowerBound() {
            return -bound;
        }

        @Override
        public double getUpperBound() {
            return bound;
        }

        @Override
        public Paint getPaint(double value) {
            if (Double.isNaN(value)) {
                return FigureTheme.GRID;
            }
            double t = Math.max(-1, Math.min(1, value / bound));
            return table[(int) Math.round(t * 128) + 128];
        }

        private static Color mix(Color a, Color b, double t) {
            return new Color((int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t),
                    (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
                    (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
        }
    }
}
