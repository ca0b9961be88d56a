package dev.locus.export.heatmap;

import dev.locus.export.LayerAxis;
import dev.locus.localize.method.ComponentScores;
import dev.locus.model.component.Component;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The grids of a localization's scores (the {@code localize} command's), for {@link HeatmapCharts} to draw: component
 * scores as layer x (heads and MLP), and causal tracing's layer x position effects of one site.
 */
public final class ScoreHeatmaps {
    /** Column label of a layer's MLP in the component heatmap. */
    public static final String MLP = "MLP";

    private ScoreHeatmaps() {
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
        return new Heatmap(columns, LayerAxis.rowLabels(layers), values, ids, "Component", "Layer",
                valueLabel(scores, normalized));
    }

    /**
     * Causal tracing's layer x position heatmap for one site ({@code resid}, {@code mlp} or {@code attn}). For
     * per-position activation patching, whose sites are components, {@code mlp} is each layer's MLP and
     * {@code attn} the sum of the layer's heads.
     */
    public static Heatmap positionHeatmap(ComponentScores scores, String site, boolean normalized) {
        int layers = 0;
        Map<Integer, String> labels = new TreeMap<>();
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
        return new Heatmap(columns, LayerAxis.rowLabels(layers), values, new String[layers][columns.size()],
                "Token position", "Layer", valueLabel(scores, normalized) + " (" + site + " restored)");
    }

    /** The sites {@link #positionHeatmap} can draw for these scores, empty when they have no per-position effects. */
    public static List<String> positionSites(ComponentScores scores) {
        Set<String> out = new LinkedHashSet<>();
        scores.positions().forEach(p -> out.add(siteOf(p.site())));
        return List.copyOf(out);
    }

    /** A site of causal tracing as it is, a component of per-position patching as its kind (a head's is attn). */
    private static String siteOf(String site) {
        return Component.parse(site).map(ref -> ref.kind() == Component.Kind.MLP ? "mlp" : "attn").orElse(site);
    }

    private static double[][] filled(int rows, int columns) {
        double[][] v = new double[rows][columns];
        for (double[] row : v) {
            Arrays.fill(row, Double.NaN);
        }
        return v;
    }

    private static String valueLabel(ComponentScores scores, boolean normalized) {
        return normalized ? "Share of clean-corrupted gap" : "Effect on " + scores.metric().text();
    }
}
