package dev.locus.localize.circuit;

import dev.locus.localize.select.Selection;
import dev.locus.model.component.ComponentCatalog;
import dev.locus.model.component.ComponentSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A circuit as a selection like any other: the heads and MLPs its edges run through ({@link Circuit#componentIds()}),
 * with their parameter count, so that every edit, mask and comparison can use it. Each component's score is the sum of
 * |score| over the circuit's edges that touch it.
 */
public final class CircuitSelection {
    /** The strategy name of a circuit selection. */
    public static final String STRATEGY = "circuit";

    private CircuitSelection() {
    }

    public static Selection of(Circuit circuit, ComponentCatalog catalog) {
        return of(STRATEGY, circuit, catalog);
    }

    public static Selection of(String name, Circuit circuit, ComponentCatalog catalog) {
        List<String> ids = circuit.componentIds();
        Map<String, Double> scores = new LinkedHashMap<>();
        ids.forEach(id -> scores.put(id, 0.0));
        CircuitLayout layout = circuit.layout();
        for (EdgeScores.Edge e : circuit.edges()) {
            double s = Math.abs(e.score());
            scores.computeIfPresent(layout.upstreamName(e.upstream()), (k, v) -> v + s);
            for (int u : layout.outputsOf(e.downstream())) {
                scores.computeIfPresent(layout.upstreamName(u), (k, v) -> v + s);
            }
        }
        ComponentSet set = ComponentSet.of(catalog, ids);
        return new Selection(name, set, set.parameterCount(catalog), circuit.rule(), scores);
    }
}
