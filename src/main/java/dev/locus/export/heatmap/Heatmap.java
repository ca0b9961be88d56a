package dev.locus.export.heatmap;

import dev.locus.model.component.Component;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A grid of values to draw as a heatmap ({@link HeatmapCharts#heatmap}): {@code values[row][column]} (NaN: no
 * value), the component id each cell stands for (null where it stands for none, e.g. a position), rows drawn top to
 * bottom. {@link ScoreHeatmaps} makes them from a localization's scores.
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
     * The cells {@code {row, column}} a component covers: its own cell, for a layer's whole attention
     * ({@code L3.attn}) or one of its matrices ({@code L3.attn.W_Q}: every head has columns in it) the cells of all
     * that layer's heads, and for an MLP's matrix ({@code L3.mlp.W_in}) its MLP's cell.
     */
    public List<int[]> cellsOf(String component) {
        List<int[]> out = new ArrayList<>();
        Optional<Component.Ref> ref = Component.parse(component);
        int attnLayer = ref.filter(x -> x.kind() == Component.Kind.ATTN || x.kind().isMatrix() && x.kind().isAttention())
                .map(Component.Ref::layer).orElse(-1);
        String cell = ref.filter(x -> x.kind().isMatrix() && !x.kind().isAttention())
                .map(x -> Component.mlpId(x.layer())).orElse(component);
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < columns.size(); c++) {
                String id = ids[r][c];
                if (id != null && (id.equals(cell) || attnLayer >= 0 && isHeadOf(id, attnLayer))) {
                    out.add(new int[] {r, c});
                }
            }
        }
        return out;
    }

    private static boolean isHeadOf(String id, int layer) {
        Optional<Component.Ref> ref = Component.parse(id);
        return ref.isPresent() && ref.get().kind() == Component.Kind.HEAD && ref.get().layer() == layer;
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
