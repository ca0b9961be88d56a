package dev.locus.localize.circuit;

import dev.locus.core.LocusException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Circuits from edge scores: the top k edges by |score|, or those whose |normalized score| passes a threshold, then
 * pruned to the edges on some path from the embeddings to the logits (an edge whose upstream node nothing in the
 * circuit feeds, or whose downstream node feeds nothing that reaches the logits, changes nothing when kept).
 */
public final class CircuitExtraction {
    private CircuitExtraction() {
    }

    /** The top k edges by |score|, pruned. */
    public static Circuit top(EdgeScores scores, int k) {
        if (k < 1) {
            throw new LocusException("--top must be at least 1, got " + k);
        }
        List<EdgeScores.Edge> ranked = scores.ranked();
        List<EdgeScores.Edge> chosen = ranked.subList(0, Math.min(k, ranked.size()));
        return new Circuit(scores, prune(scores.layout(), chosen), "top " + k + " edges by |score| of "
                + ranked.size() + ", connected from the embeddings to the logits");
    }

    /** The edges whose |normalized score| is at least t, pruned. */
    public static Circuit threshold(EdgeScores scores, double t) {
        if (!(t >= 0) || Double.isInfinite(t)) {
            throw new LocusException("--threshold must be a number of at least 0, got " + t);
        }
        List<EdgeScores.Edge> chosen = new ArrayList<>();
        for (EdgeScores.Edge e : scores.ranked()) {
            if (Math.abs(scores.normalized(e.score())) >= t) {
                chosen.add(e);
            }
        }
        return new Circuit(scores, prune(scores.layout(), chosen), String.format(Locale.ROOT,
                "edges with |normalized score| >= %.4g, connected from the embeddings to the logits", t));
    }

    /**
     * The edges that lie on a path from the embeddings to the logits through {@code edges} alone, in their order. A
     * downstream input feeds its node's output ({@link CircuitLayout#outputsOf}), so a path runs upstream -> input ->
     * node output -> next input.
     */
    public static List<EdgeScores.Edge> prune(CircuitLayout layout, List<EdgeScores.Edge> edges) {
        int nu = layout.upstreamCount();
        // forward: upstream nodes reached from the embeddings, in layout order (edges only go forward)
        boolean[] reached = new boolean[nu];
        reached[0] = true;
        List<EdgeScores.Edge> byDown = new ArrayList<>(edges);
        byDown.sort((a, b) -> Integer.compare(a.downstream(), b.downstream()));
        for (EdgeScores.Edge e : byDown) {
            if (reached[e.upstream()]) {
                layout.outputsOf(e.downstream()).forEach(u -> reached[u] = true);
            }
        }
        // backward: upstream nodes whose output reaches the logits, from the last input down
        boolean[] useful = new boolean[nu];
        for (int i = byDown.size() - 1; i >= 0; i--) {
            EdgeScores.Edge e = byDown.get(i);
            if (feedsLogits(layout, e.downstream(), useful)) {
                useful[e.upstream()] = true;
            }
        }
        List<EdgeScores.Edge> kept = new ArrayList<>();
        for (EdgeScores.Edge e : edges) {
            if (reached[e.upstream()] && feedsLogits(layout, e.downstream(), useful)) {
                kept.add(e);
            }
        }
        return kept;
    }

    private static boolean feedsLogits(CircuitLayout layout, int v, boolean[] useful) {
        if (v == layout.logitsIndex()) {
            return true;
        }
        for (int u : layout.outputsOf(v)) {
            if (useful[u]) {
                return true;
            }
        }
        return false;
    }
}
