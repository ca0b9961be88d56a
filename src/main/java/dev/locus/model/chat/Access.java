package dev.locus.model.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Attribute, item and slice access with Jinja's meaning: a missing key or index is undefined, not an error. */
final class Access {
    private Access() {
    }

    /** {@code target.name}: a mapping's key (messages are mappings) or a loop/namespace entry. */
    static Object member(Object target, String name, Ast.Pos pos) {
        if (target instanceof Map<?, ?> m) {
            return m.containsKey(name) ? m.get(name) : new Undefined(name);
        }
        if (target instanceof Undefined u) {
            throw pos.error("'" + u.name() + "' is undefined, so it has no '" + name + "'");
        }
        return new Undefined(name);
    }

    static Object item(Object target, Object key, Ast.Pos pos) {
        if (target instanceof Map<?, ?> m) {
            return m.containsKey(key) ? m.get(key) : new Undefined(String.valueOf(key));
        }
        if ((target instanceof List<?> || target instanceof String) && key instanceof Long k) {
            int n = Builtins.length(target, "index", pos);
            long i = k < 0 ? k + n : k;
            if (i < 0 || i >= n) {
                return new Undefined("[" + k + "]");
            }
            return target instanceof List<?> l ? l.get((int) i) : codePoints((String) target).get((int) i);
        }
        if (target instanceof Undefined u) {
            throw pos.error("'" + u.name() + "' is undefined, so it has no [" + key + "]");
        }
        throw pos.error("cannot index a " + Builtins.typeName(target) + " with a " + Builtins.typeName(key));
    }

    /** Python's {@code target[start:stop:step]} on a list or string. */
    static Object slice(Object target, Long start, Long stop, Long step, Ast.Pos pos) {
        List<?> items;
        if (target instanceof List<?> l) {
            items = l;
        } else if (target instanceof String s) {
            items = codePoints(s);
        } else {
            throw pos.error("cannot slice a " + Builtins.typeName(target));
        }
        int n = items.size();
        long by = step == null ? 1 : step;
        if (by == 0) {
            throw pos.error("slice step cannot be zero");
        }
        List<Object> out = new ArrayList<>();
        if (by > 0) {
            long from = clamp(start == null ? 0 : start, n, 0, n);
            long to = clamp(stop == null ? n : stop, n, 0, n);
            for (long i = from; i < to; i += by) {
                out.add(items.get((int) i));
            }
        } else {
            long from = clamp(start == null ? n - 1 : start, n, -1, n - 1);
            long to = stop == null ? -1 : clamp(stop, n, -1, n - 1);
            for (long i = from; i > to; i += by) {
                out.add(items.get((int) i));
            }
        }
        if (target instanceof String) {
            StringBuilder s = new StringBuilder();
            out.forEach(s::append);
            return s.toString();
        }
        return out;
    }

    private static long clamp(long i, int n, long low, long high) {
        long v = i < 0 ? i + n : i;
        return Math.max(low, Math.min(high, v));
    }

    private static List<String> codePoints(String s) {
        return s.codePoints().mapToObj(Character::toString).toList();
    }
}
