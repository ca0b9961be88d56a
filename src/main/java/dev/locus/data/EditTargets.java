package dev.locus.data;

import dev.locus.core.LocusException;
import dev.locus.core.Messages;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Gives facts the answer an edit should make the model say. Use {@link #randomOther} for the paper's per-fact
 * random other attribute ("random_without_golf") and {@link #named} for one target for all (golf, for whole-sport
 * runs).
 */
public final class EditTargets {
    private EditTargets() {
    }

    /**
     * Each fact with a fixed random other attribute: drawn from attributes (pass {@link Dataset#attributes()}:
     * for sports football, baseball and basketball, so never golf), never the fact's own, and among its candidates.
     * The draw depends only on seed and the fact's id, so a fact gets the same target whichever list it is in.
     */
    public static List<Fact> randomOther(List<Fact> facts, Collection<String> attributes, long seed) {
        // Sorted, so that the draw does not depend on the order in which attributes were listed.
        TreeSet<String> pool = new TreeSet<>(attributes);
        List<Fact> out = new ArrayList<>(facts.size());
        for (Fact fact : facts) {
            List<String> others = pool.stream()
                    .filter(a -> !a.equals(fact.attribute()) && fact.candidates().contains(a)).toList();
            if (others.isEmpty()) {
                throw new LocusException("fact " + Messages.quote(fact.id()) + ": no other attribute among "
                        + pool + " to edit it to (its candidates are " + fact.candidates() + ")");
            }
            out.add(fact.withEditTarget(others.get(Seeds.random(seed, fact.id()).nextInt(others.size()))));
        }
        return List.copyOf(out);
    }

    /** Each fact with the same edit target, matched to its candidates case-insensitively (e.g. "golf"). */
    public static List<Fact> named(List<Fact> facts, String attribute) {
        List<Fact> out = new ArrayList<>(facts.size());
        for (Fact fact : facts) {
            String target = fact.candidates().stream().filter(c -> c.strip().equalsIgnoreCase(attribute.strip()))
                    .findFirst().orElseThrow(() -> new LocusException("edit target " + Messages.quote(attribute)
                            + " is not among the candidates of fact " + Messages.quote(fact.id()) + ": "
                            + fact.candidates()));
            if (target.equals(fact.attribute())) {
                throw new LocusException("edit target " + Messages.quote(attribute)
                        + " is already the true answer of fact " + Messages.quote(fact.id()));
            }
            out.add(fact.withEditTarget(target));
        }
        return List.copyOf(out);
    }
}
