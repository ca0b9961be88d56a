package dev.locus.localize.circuit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A score for every edge of a layout, from one method on one set of prompts: roughly how much the metric falls when
 * that edge alone carries the corrupted run's upstream output (positive: the edge carries the answer).
 *
 * <p>Immutable once made (the scores array is not changed after construction); the ranking is sorted once, on first
 * use, because every re-choice of a circuit (the view's slider, the faithfulness curve) starts from it.
 */
public final class EdgeScores {
    public static final String ALL = "all";

    /** One scored edge, by index into the layout. */
    public record Edge(int upstream, int downstream, double score) {
    }

    private final CircuitLayout layout;
    private final String method;
    private final String setting;
    private final String metric;
    private final String position;
    private final double clean;
    private final double corrupted;
    private final double[] scores;
    private volatile List<Edge> ranked;

    /**
     * @param method eap, eap-ig or edge-patching
     * @param setting the corruption, metric, steps and prompts in words
     * @param position the position class the scores sum over ({@link #ALL} positions, or a class such as {@code final})
     * @param clean the metric's mean on the clean prompts
     * @param corrupted the metric's mean on the corrupted prompts
     * @param scores [upstream * downstreamCount + downstream]; NaN where the layout has no edge (or it was not scored)
     */
    public EdgeScores(CircuitLayout layout, String method, String setting, String metric, String position,
                      double clean, double corrupted, double[] scores) {
        if (scores.length != layout.upstreamCount() * layout.downstreamCount()) {
            throw new IllegalArgumentException(scores.length + " scores for " + layout.upstreamCount() + " x "
                    + layout.downstreamCount() + " node pairs");
        }
        this.layout = layout;
        this.method = method;
        this.setting = setting;
        this.metric = metric;
        this.position = position;
        this.clean = clean;
        this.corrupted = corrupted;
        this.scores = scores;
    }

    public CircuitLayout layout() {
        return layout;
    }

    public String method() {
        return method;
    }

    public String setting() {
        return setting;
    }

    public String metric() {
        return metric;
    }

    public String position() {
        return position;
    }

    public double clean() {
        return clean;
    }

    public double corrupted() {
        return corrupted;
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

    /** Every scored edge, largest |score| first (ties in layout order); sorted once. */
    public List<Edge> ranked() {
        List<Edge> r = ranked;
        if (r == null) {
            List<Edge> out = new ArrayList<>();
            int nd = layout.downstreamCount();
            for (int v = 0; v < nd; v++) {
                for (int u = 0; u < layout.readers(v); u++) {
                    double sc = scores[u * nd + v];
                    if (!Double.isNaN(sc)) {
                        out.add(new Edge(u, v, sc));
                    }
                }
            }
            out.sort(Comparator.comparingDouble((Edge e) -> -Math.abs(e.score())));
            r = List.copyOf(out);
            ranked = r;
        }
        return r;
    }

    public String edgeName(Edge e) {
        return layout.upstreamName(e.upstream()) + " -> " + layout.downstreamName(e.downstream());
    }
}
