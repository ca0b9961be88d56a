package dev.locus.model.component;

import dev.locus.model.component.Component.ParamSlice;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A selection of components: what a localization picks and an edit trains. Its parameter count counts
 * each scalar once, even where components overlap (a layer's attention and one of its heads, or two heads
 * sharing a key/value head).
 */
public record ComponentSet(List<Component> components) {

    public ComponentSet {
        components = List.copyOf(components);
    }

    public static ComponentSet of(ComponentCatalog catalog, Collection<String> ids) {
        List<Component> list = new ArrayList<>();
        for (String id : ids) {
            list.add(catalog.get(id));
        }
        return new ComponentSet(list);
    }

    /**
     * For each internal parameter touched, the ranges along its sliced axis ({@code null}: the whole
     * parameter), merged.
     */
    public Map<String, List<long[]>> ranges() {
        Map<String, List<long[]>> out = new LinkedHashMap<>();
        Map<String, Integer> axes = new LinkedHashMap<>();
        for (Component c : components) {
            for (ParamSlice s : c.slices()) {
                if (s.isWhole()) {
                    out.put(s.param(), null);
                } else if (!out.containsKey(s.param()) || out.get(s.param()) != null) {
                    out.computeIfAbsent(s.param(), k -> new ArrayList<>()).add(new long[] {s.from(), s.to()});
                    axes.put(s.param(), s.axis());
                }
            }
        }
        out.replaceAll((k, v) -> v == null ? null : merge(v));
        return out;
    }

    /** The axis along which {@code param} is sliced in this set, or -1 when whole or untouched. */
    public int axis(String param) {
        for (Component c : components) {
            for (ParamSlice s : c.slices()) {
                if (s.param().equals(param) && !s.isWhole()) {
                    return s.axis();
                }
            }
        }
        return -1;
    }

    /** Scalars covered, each counted once. */
    public long parameterCount(ComponentCatalog catalog) {
        long n = 0;
        for (Map.Entry<String, List<long[]>> e : ranges().entrySet()) {
            long[] shape = catalog.spec(e.getKey()).shape();
            long total = 1;
            for (long d : shape) {
                total *= d;
            }
            if (e.getValue() == null) {
                n += total;
            } else {
                long along = shape[axis(e.getKey())];
                long covered = 0;
                for (long[] r : e.getValue()) {
                    covered += r[1] - r[0];
                }
                n += total / along * covered;
            }
        }
        return n;
    }

    public List<String> ids() {
        return components.stream().map(Component::id).toList();
    }

    private static List<long[]> merge(List<long[]> ranges) {
        TreeMap<Long, Long> sorted = new TreeMap<>();
        for (long[] r : ranges) {
            sorted.merge(r[0], r[1], Math::max);
        }
        List<long[]> out = new ArrayList<>();
        for (Map.Entry<Long, Long> e : sorted.entrySet()) {
            if (!out.isEmpty() && out.get(out.size() - 1)[1] >= e.getKey()) {
                out.get(out.size() - 1)[1] = Math.max(out.get(out.size() - 1)[1], e.getValue());
            } else {
                out.add(new long[] {e.getKey(), e.getValue()});
            }
        }
        return out;
    }
}
