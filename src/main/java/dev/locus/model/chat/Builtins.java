package dev.locus.model.chat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What template values are and do, with Python's meaning: truth, text, equality, and the filters, tests and string
 * and mapping methods real chat templates call. A name outside these is an error, never a guess.
 */
final class Builtins {
    private static final List<String> STRING_METHODS = List.of("strip", "lstrip", "rstrip", "startswith", "endswith",
            "split", "lower", "upper");

    private Builtins() {
    }

    static boolean truthy(Object v) {
        if (v == null || v instanceof Undefined) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof Long l) {
            return l != 0;
        }
        if (v instanceof Double d) {
            return d != 0;
        }
        if (v instanceof List<?> l) {
            return !l.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true;
    }

    /** Python's str() of a value, as {@code {{ }}} prints it; undefined prints nothing. */
    static String text(Object v, Ast.Pos pos) {
        if (v instanceof Undefined) {
            return "";
        }
        if (v == null) {
            return "None";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof String || v instanceof Long) {
            return v.toString();
        }
        if (v instanceof Double d) {
            return d == Math.rint(d) && !Double.isInfinite(d) ? String.format("%.1f", d) : d.toString();
        }
        throw pos.error("cannot print a " + typeName(v) + " (only text, numbers, booleans and none)");
    }

    static String typeName(Object v) {
        if (v instanceof Undefined u) {
            return "undefined '" + u.name() + "'";
        }
        if (v == null) {
            return "none";
        }
        if (v instanceof List<?>) {
            return "list";
        }
        if (v instanceof Map<?, ?>) {
            return "mapping";
        }
        return v instanceof String ? "string" : v instanceof Boolean ? "boolean" : "number";
    }

    static boolean equal(Object a, Object b) {
        if (a instanceof Undefined || b instanceof Undefined) {
            return a instanceof Undefined && b instanceof Undefined;
        }
        if ((a instanceof Long || a instanceof Double) && (b instanceof Long || b instanceof Double)) {
            return ((Number) a).doubleValue() == ((Number) b).doubleValue();
        }
        return Objects.equals(a, b);
    }

    static Object filter(String name, Object v, List<Object> args, Ast.Pos pos) {
        switch (name) {
            case "trim" -> {
                return args.isEmpty() ? string(v, "trim", pos).strip() : strip(string(v, "trim", pos),
                        string(args.get(0), "trim", pos), true, true);
            }
            case "length", "count" -> {
                return (long) length(v, name, pos);
            }
            case "lower" -> {
                return string(v, name, pos).toLowerCase(java.util.Locale.ROOT);
            }
            case "upper" -> {
                return string(v, name, pos).toUpperCase(java.util.Locale.ROOT);
            }
            case "string" -> {
                return text(v, pos);
            }
            case "list" -> {
                return v instanceof Map<?, ?> m ? new ArrayList<Object>(m.keySet())
                        : v instanceof String str ? new ArrayList<Object>(str.codePoints().mapToObj(Character::toString)
                        .toList()) : new ArrayList<Object>(list(v, name, pos));
            }
            case "selectattr" -> {
                return selectAttribute(list(v, name, pos), args, pos);
            }
            default -> throw pos.error("unsupported filter '" + name + "'");
        }
    }

    /** {@code selectattr(attribute)} (truthy) or {@code selectattr(attribute, "equalto", value)}. */
    private static List<Object> selectAttribute(List<?> items, List<Object> args, Ast.Pos pos) {
        if (args.isEmpty() || args.size() == 2 || args.size() > 3
                || (args.size() == 3 && !List.of("equalto", "eq", "==").contains(args.get(1)))) {
            throw pos.error("unsupported form of 'selectattr' (only selectattr(name) and selectattr(name, 'equalto',"
                    + " value))");
        }
        String attribute = string(args.get(0), "selectattr", pos);
        List<Object> out = new ArrayList<>();
        for (Object item : items) {
            Object value = Access.member(item, attribute, pos);
            if (args.size() == 1 ? truthy(value) : equal(value, args.get(2))) {
                out.add(item);
            }
        }
        return out;
    }

    private static List<?> list(Object v, String what, Ast.Pos pos) {
        if (v instanceof List<?> l) {
            return l;
        }
        throw pos.error("'" + what + "' needs a list, not a " + typeName(v));
    }

    static boolean test(String name, Object v, Ast.Pos pos) {
        return switch (name) {
            case "defined" -> !(v instanceof Undefined);
            case "undefined" -> v instanceof Undefined;
            case "none" -> v == null;
            case "string" -> v instanceof String;
            case "number" -> v instanceof Long || v instanceof Double;
            case "integer" -> v instanceof Long;
            case "boolean" -> v instanceof Boolean;
            case "true" -> Boolean.TRUE.equals(v);
            case "false" -> Boolean.FALSE.equals(v);
            case "mapping" -> v instanceof Map<?, ?>;
            case "sequence" -> v instanceof List<?> || v instanceof String;
            case "iterable" -> v instanceof List<?> || v instanceof String || v instanceof Map<?, ?>;
            default -> throw pos.error("unsupported test '" + name + "'");
        };
    }

    /** {@code target.name(args)} for the string and mapping methods templates use. */
    static Object method(Object target, String name, List<Object> args, Ast.Pos pos) {
        if (target instanceof String s && STRING_METHODS.contains(name)) {
            String arg = args.isEmpty() ? null : string(args.get(0), name, pos);
            switch (name) {
                case "strip" -> {
                    return arg == null ? s.strip() : strip(s, arg, true, true);
                }
                case "lstrip" -> {
                    return arg == null ? s.stripLeading() : strip(s, arg, true, false);
                }
                case "rstrip" -> {
                    return arg == null ? s.stripTrailing() : strip(s, arg, false, true);
                }
                case "startswith" -> {
                    return s.startsWith(required(arg, name, pos));
                }
                case "endswith" -> {
                    return s.endsWith(required(arg, name, pos));
                }
                case "split" -> {
                    return arg == null ? List.<Object>of(s.strip().split("\\s+"))
                            : new ArrayList<Object>(Arrays.asList(s.split(java.util.regex.Pattern.quote(
                                    required(arg, name, pos)), -1)));
                }
                case "lower" -> {
                    return s.toLowerCase(java.util.Locale.ROOT);
                }
                case "upper" -> {
                    return s.toUpperCase(java.util.Locale.ROOT);
                }
                default -> {
                }
            }
        } else if (target instanceof Map<?, ?> m && name.equals("get") && !args.isEmpty()) {
            Object v = m.get(args.get(0));
            return v != null || m.containsKey(args.get(0)) ? v : args.size() > 1 ? args.get(1) : null;
        } else if (target instanceof Map<?, ?> m && name.equals("items") && args.isEmpty()) {
            List<Object> pairs = new ArrayList<>();
            m.forEach((k, v) -> pairs.add(Arrays.asList(k, v)));
            return pairs;
        }
        throw pos.error("unsupported method '" + name + "' of a " + typeName(target));
    }

    static int length(Object v, String what, Ast.Pos pos) {
        if (v instanceof String s) {
            return s.codePointCount(0, s.length());
        }
        if (v instanceof List<?> l) {
            return l.size();
        }
        if (v instanceof Map<?, ?> m) {
            return m.size();
        }
        throw pos.error("'" + what + "' of a " + typeName(v));
    }

    static String string(Object v, String what, Ast.Pos pos) {
        if (v instanceof String s) {
            return s;
        }
        throw pos.error("'" + what + "' needs a string, not a " + typeName(v));
    }

    private static String required(String arg, String what, Ast.Pos pos) {
        if (arg == null) {
            throw pos.error("'" + what + "' needs an argument");
        }
        return arg;
    }

    /** Python's strip(chars): removes any of {@code chars} from the chosen ends. */
    private static String strip(String s, String chars, boolean leading, boolean trailing) {
        int from = 0;
        int to = s.length();
        while (leading && from < to && chars.indexOf(s.charAt(from)) >= 0) {
            from++;
        }
        while (trailing && to > from && chars.indexOf(s.charAt(to - 1)) >= 0) {
            to--;
        }
        return s.substring(from, to);
    }
}
