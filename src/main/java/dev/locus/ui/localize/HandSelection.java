package dev.locus.ui.localize;

import dev.locus.localize.select.Selection;
import dev.locus.model.component.Component;
import dev.locus.model.component.ComponentCatalog;
import dev.locus.model.component.ComponentSet;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The user's own selection, picked on a heatmap: "custom", starting from the selection shown so that a strategy's
 * pick can be adjusted by hand. Its parameter count is the model's own count of the chosen components.
 */
public final class HandSelection {
    public static final String NAME = "custom";
    public static final String RULE = "picked by hand";

    private HandSelection() {
    }

    /** {@code start} (or nothing) with {@code id} added, or removed when it is already in. */
    public static Selection toggle(ComponentCatalog catalog, Selection start, String id) {
        Set<String> ids = expanded(catalog, start, id);
        if (!ids.remove(id)) {
            ids.add(id);
        }
        return of(catalog, ids);
    }

    /** The components of a dragged rectangle, added to {@code start} when {@code add}, else alone. */
    public static Selection rectangle(ComponentCatalog catalog, Selection start, Collection<String> cells, boolean add) {
        Set<String> ids = add ? expanded(catalog, start, null) : new LinkedHashSet<>();
        ids.addAll(cells);
        return of(catalog, ids);
    }

    /** The selection of exactly these components (in layer order). */
    public static Selection of(ComponentCatalog catalog, Collection<String> ids) {
        List<String> ordered = catalog.all().stream().map(Component::id).filter(ids::contains).toList();
        ComponentSet set = ComponentSet.of(catalog, ordered);
        return new Selection(NAME, set, set.parameterCount(catalog), RULE, java.util.Map.of());
    }

    /**
     * The ids of {@code start}; a layer's whole attention is split into its heads when {@code head} is one of them,
     * so that one head can be taken out of it.
     */
    private static Set<String> expanded(ComponentCatalog catalog, Selection start, String head) {
        Set<String> ids = new LinkedHashSet<>(start == null ? List.of() : start.components().ids());
        if (head != null) {
            Component c = catalog.get(head);
            String attn = Component.attnId(c.layer());
            if (c.kind() == Component.Kind.HEAD && ids.remove(attn)) {
                catalog.all().stream().filter(x -> x.kind() == Component.Kind.HEAD && x.layer() == c.layer())
                        .forEach(x -> ids.add(x.id()));
            }
        }
        return ids;
    }
}
