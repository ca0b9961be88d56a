package dev.locus.model.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The binary operators and unary minus on template values, as Python defines them for the types they accept. */
final class Operators {
    private Operators() {
    }

    static Object apply(String op, Object a, Object b, Ast.Pos pos) {
        switch (op) {
            case "==" -> {
                return Builtins.equal(a, b);
            }
            case "!=" -> {
                return !Builtins.equal(a, b);
            }
            case "~" -> {
                return Builtins.text(a, pos) + Builtins.text(b, pos);
            }
            case "in" -> {
                return contains(b, a, pos);
            }
            case "+" -> {
                if (a instanceof String x && b instanceof String y) {
                    return x + y;
                }
                if (a instanceof List<?> x && b instanceof List<?> y) {
                    List<Object> joined = new ArrayList<>(x);
                    joined.addAll(y);
                    return joined;
                }
                return arithmetic(op, a, b, pos);
            }
            default -> {
                return arithmetic(op, a, b, pos);
            }
        }
    }

    static Object negate(Object v, Ast.Pos pos) {
        if (v instanceof Long l) {
            return -l;
        }
        if (v instanceof Double d) {
            return -d;
        }
        throw pos.error("cannot negate a " + Builtins.typeName(v));
    }

    private static boolean contains(Object container, Object item, Ast.Pos pos) {
        if (container instanceof String s && item instanceof String t) {
            return s.contains(t);
        }
        if (container instanceof List<?> l) {
            return l.stream().anyMatch(x -> Builtins.equal(x, item));
        }
        if (container instanceof Map<?, ?> m) {
            return m.containsKey(item);
        }
        throw pos.error("cannot test 'in' a " + Builtins.typeName(container) + " for a " + Builtins.typeName(item));
    }

    private static Object arithmetic(String op, Object a, Object b, Ast.Pos pos) {
        boolean numbers = (a instanceof Long || a instanceof Double) && (b instanceof Long || b instanceof Double);
        if (!numbers) {
            throw pos.error("cannot apply '" + op + "' to a " + Builtins.typeName(a) + " and a "
                    + Builtins.typeName(b));
        }
        if (a instanceof Long x && b instanceof Long y && !op.equals("/")) {
            return switch (op) {
                case "+" -> x + y;
                case "-" -> x - y;
                case "*" -> x * y;
                case "//" -> Math.floorDiv(x, nonZero(y, pos));
                case "%" -> Math.floorMod(x, nonZero(y, pos));
                case "<" -> x < y;
                case ">" -> x > y;
                case "<=" -> x <= y;
                case ">=" -> x >= y;
                default -> throw pos.error("unsupported operator '" + op + "'");
            };
        }
        double x = ((Number) a).doubleValue();
        double y = ((Number) b).doubleValue();
        return switch (op) {
            case "+" -> x + y;
            case "-" -> x - y;
            case "*" -> x * y;
            case "/" -> x / y;
            case "<" -> x < y;
            case ">" -> x > y;
            case "<=" -> x <= y;
            case ">=" -> x >= y;
            default -> throw pos.error("unsupported operator '" + op + "' on these numbers");
        };
    }

    private static long nonZero(long y, Ast.Pos pos) {
        if (y == 0) {
            throw pos.error("division by zero");
        }
        return y;
    }
}
