package dev.locus.localize.circuit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Some edges of a scored graph, chosen by a rule (top k, a threshold) and pruned to what connects the embeddings to the
 * logits ({@link CircuitExtraction}).
 *
 * @param rule how the edges were chosen, in words
 */
public record Circuit(EdgeScores scores, List<EdgeScores.Edge> edges, String rule) {
    public Circuit {
        edges = List.copyOf(edges);
    }

    public CircuitLayout layout() {
        return scores.layout();
    }

    /** [upstream * downstreamCount + downstream]: whether the edge is in the circuit. */
    public boolean[] membership() {
        boolean[] in = new boolean[layout().upstreamCount() * layout().downstreamCount()];
        for (EdgeScores.Edge e : edges) {
            in[e.upstream() * layout().downstreamCount() + e.downstream()] = true;
        }
        return in;
    }

    /** The graph nodes its edges touch ({@code embed}, heads, key/value heads, MLPs, {@code logits}), layer by layer. */
    public List<String> nodes() {
        Set<String> out = new LinkedHashSet<>();
        for (EdgeScores.Edge e : edges) {
            out.add(layout().upstreamName(e.upstream()));
            out.add(layout().downstreamNode(e.downstream()));
        }
        List<String> sorted = new ArrayList<>(out);
        sorted.sort(java.util.Comparator.comparingInt(layout()::nodeRank));
        return sorted;
    }

    /**
     * The components it runs through, as a selection names them: each head and MLP it touches (a key/value head
     * stands for the query heads that share it); not the embeddings or the logits.
     */
    public List<String> componentIds() {
        Set<String> out = new LinkedHashSet<>();
        CircuitLayout l = layout();
        for (EdgeScores.Edge e : edges) {
            if (e.upstream() > 0) {
                out.add(l.upstreamName(e.upstream()));
            }
            for (int u : l.outputsOf(e.downstream())) {
                out.add(l.upstreamName(u));
            }
        }
        List<String> sorted = new ArrayList<>(out);
        sorted.sort((a, b) -> Integer.compare(l.upstreamIndex(a), l.upstreamIndex(b)));
        return sorted;
    }
}
