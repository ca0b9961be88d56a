package dev.locus.localize.circuit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A score for every edge of a layout, from one method on one set of prompts: roughly how much the metric falls when
 * that edge alone carries the corrupted run's upstream output (positive: the edge carries the answer).
 *
 * @param method eap, eap-ig or edge-patching
 * @param setting the corruption, metric, steps and prompts in words
 * @param position the position class the scores sum over ({@link #ALL} positions, or a class such as {@code final})
 * @param clean the metric's mean on the clean prompts
 * @param corrupted the metric's mean on the corrupted prompts
 * @param scores [upstream * downstreamCount + downstream]; NaN where the layout has no edge (or it was not scored)
 */
public record EdgeScores(CircuitLayout layout, String method, String setting, String metric, String position,
                         double clean, double corrupted, double[] scores) {
    public static final String ALL = "all";

    /** One scored edge, by index into the layout. */
    public record Edge(int upstream, int downstream, double score) {
    }

    public EdgeScores {
        if (scores.length != layout.upstreamCount() * layout.downstreamCount()) {
            throw new IllegalArgumentException(scores.length + " scores for " + layout.upstreamCount() + " x "
                    + layout.downstreamCount() + " node pairs");
        }
    }

    /** Scores all NaN: nothing scored yet. */
    public static double[] unscored(CircuitLayout layout) {
        double[] s = new double[layout.upstreamCount() * layout.downstreamCount()];
        Arrays.fill(s, Double.NaN);
        return s;
    }

    public double score(int u, int v) {
        return scores[u * layout.downstreamCount() + v];
    }

    /** The score as a share of the clean-minus-corrupted metric (0 when they are equal). */
    public double normalized(double score) {
        return clean == corrupted ? 0 : score / (clean - corrupted);
    }

    /** Every scored edge, largest |score| first (ties in layout order). */
    public List<Edge> ranked() {
        List<Edge> out = new ArrayList<>();
        int nd = layout.downstreamCount();
        for (int v = 0; v < nd; v++) {
            for (int u = 0; u < layout.readers(v); u++) {
                double s = scores[u * nd + v];
                if (!Double.isNaN(s)) {
                    out.add(new Edge(u, v, s));
                }
            }
        }
        out.sort(Comparator.comparingDouble((Edge e) -> -Math.abs(e.score())));
        return out;
    }

    public String edgeName(Edge e) {
        return layout.upstreamName(e.upstream()) + " -> " + layout.downstreamName(e.downstream());
    }
}
