package dev.locus.localize.circuit;

import dev.locus.localize.select.Selection;
import dev.locus.model.component.ComponentCatalog;
import dev.locus.model.component.ComponentSet;
import java.util.Map;

/** A circuit as a selection: the heads and MLPs it runs through, with the model's parameter count of them. */
public final class CircuitSelection {
    public static final String STRATEGY = "circuit";

    private CircuitSelection() {
    }

    public static Selection of(Circuit circuit, ComponentCatalog catalog) {
        ComponentSet set = ComponentSet.of(catalog, circuit.componentIds());
        return new Selection(STRATEGY, set, set.parameterCount(catalog), circuit.rule(), Map.of());
    }
}
