package dev.locus.localize.circuit;

import java.util.List;
import java.util.Map;

/**
 * What a circuit run found: the scores of every edge (over all positions, and per position class when asked), the
 * circuit chosen from them, its faithfulness, and the curve of faithfulness against circuit size.
 *
 * @param byPosition edge scores by position ({@link EdgeScores#ALL} first)
 * @param faithfulness the circuit's faithfulness, NaN when not measured
 * @param curve faithfulness of the top-k circuits, smallest first
 */
public record CircuitReport(Map<String, EdgeScores> byPosition, Circuit circuit, double faithfulness,
                            List<Point> curve) {
    /**
     * One circuit size: how many edges were asked for, how many were left after pruning, and the share of the
     * clean-minus-corrupted metric it keeps with every other edge corrupted.
     */
    public record Point(int top, int edges, double faithfulness) {
    }

    public CircuitReport {
        byPosition = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(byPosition));
        curve = List.copyOf(curve);
    }

    public EdgeScores scores() {
        return circuit.scores();
    }
}
