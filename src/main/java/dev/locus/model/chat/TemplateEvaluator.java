package dev.locus.model.chat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a parsed template over plain values (strings, longs, doubles, booleans, null, lists, maps). A for loop's
 * body has its own scope, as in Jinja (a {@code set} inside it does not outlive it; a namespace's does). The only
 * functions are {@code namespace(...)} and {@code raise_exception(message)}; the only methods those of
 * {@link Builtins}.
 */
final class TemplateEvaluator {
    /** What {@code raise_exception(message)} throws: the template refusing its input, not a template error. */
    static final class Raised extends RuntimeException {
        Raised(String message) {
            super(message);
        }
    }

    private final Deque<Map<String, Object>> scopes = new ArrayDeque<>();
    private final StringBuilder out = new StringBuilder();

    private TemplateEvaluator(Map<String, Object> globals) {
        scopes.push(new HashMap<>(globals));
    }

    static String render(List<Ast.Stmt> body, Map<String, Object> globals) {
        TemplateEvaluator e = new TemplateEvaluator(globals);
        e.run(body);
        return e.out.toString();
    }

    private void run(List<Ast.Stmt> body) {
        for (Ast.Stmt s : body) {
            if (s instanceof Ast.Text t) {
                out.append(t.text());
            } else if (s instanceof Ast.Output o) {
                out.append(Builtins.text(eval(o.expr()), o.pos()));
            } else if (s instanceof Ast.If i) {
                runIf(i);
            } else if (s instanceof Ast.For f) {
                runFor(f);
            } else if (s instanceof Ast.Set set) {
                assign(set);
            }
        }
    }

    private void runIf(Ast.If i) {
        for (int k = 0; k < i.conditions().size(); k++) {
            if (Builtins.truthy(eval(i.conditions().get(k)))) {
                run(i.bodies().get(k));
                return;
            }
        }
        run(i.otherwise());
    }

    private void runFor(Ast.For f) {
        Object iterable = eval(f.iterable());
        List<?> items;
        if (iterable instanceof List<?> l) {
            items = l;
        } else if (iterable instanceof Map<?, ?> m) {
            items = new ArrayList<>(m.keySet());
        } else if (iterable instanceof String s) {
            items = s.codePoints().mapToObj(Character::toString).toList();
        } else {
            throw f.pos().error("cannot loop over a " + Builtins.typeName(iterable));
        }
        if (f.filter() != null) { // Jinja filters before counting, so loop.index and loop.last see only these
            List<Object> kept = new ArrayList<>();
            for (Object item : items) {
                Map<String, Object> scope = new HashMap<>();
                bind(f, item, scope);
                scopes.push(scope);
                try {
                    if (Builtins.truthy(eval(f.filter()))) {
                        kept.add(item);
                    }
                } finally {
                    scopes.pop();
                }
            }
            items = kept;
        }
        for (int k = 0; k < items.size(); k++) {
            Map<String, Object> scope = new HashMap<>();
            scope.put("loop", loop(k, items.size()));
            bind(f, items.get(k), scope);
            scopes.push(scope);
            try {
                run(f.body());
            } finally {
                scopes.pop();
            }
        }
    }

    private static void bind(Ast.For f, Object item, Map<String, Object> scope) {
        if (f.targets().size() == 1) {
            scope.put(f.targets().get(0), item);
            return;
        }
        if (!(item instanceof List<?> parts) || parts.size() != f.targets().size()) {
            throw f.pos().error("cannot unpack a " + Builtins.typeName(item) + " into " + f.targets());
        }
        for (int t = 0; t < parts.size(); t++) {
            scope.put(f.targets().get(t), parts.get(t));
        }
    }

    private static Map<String, Object> loop(int k, int n) {
        Map<String, Object> loop = new LinkedHashMap<>();
        loop.put("index0", (long) k);
        loop.put("index", (long) k + 1);
        loop.put("revindex0", (long) (n - k - 1));
        loop.put("revindex", (long) (n - k));
        loop.put("first", k == 0);
        loop.put("last", k == n - 1);
        loop.put("length", (long) n);
        return loop;
    }

    private void assign(Ast.Set set) {
        Object value = eval(set.value());
        if (set.attribute() == null) {
            scopes.peek().put(set.name(), value);
            return;
        }
        Object target = lookup(set.name());
        if (!(target instanceof Namespace ns)) {
            throw set.pos().error("'set " + set.name() + "." + set.attribute() + "' needs a namespace, not a "
                    + Builtins.typeName(target));
        }
        ns.put(set.attribute(), value);
    }

    private Object lookup(String name) {
        for (Map<String, Object> scope : scopes) {
            if (scope.containsKey(name)) {
                return scope.get(name);
            }
        }
        return new Undefined(name);
    }

    Object eval(Ast.Expr e) {
        if (e instanceof Ast.Literal l) {
            return l.value();
        }
        if (e instanceof Ast.ListLiteral l) {
            List<Object> items = new ArrayList<>();
            l.items().forEach(i -> items.add(eval(i)));
            return items;
        }
        if (e instanceof Ast.Name n) {
            return lookup(n.name());
        }
        if (e instanceof Ast.Attribute a) {
            return Access.member(eval(a.target()), a.name(), a.pos());
        }
        if (e instanceof Ast.Item i) {
            return Access.item(eval(i.target()), eval(i.key()), i.pos());
        }
        if (e instanceof Ast.Slice s) {
            return Access.slice(eval(s.target()), bound(s.start()), bound(s.stop()), bound(s.step()), s.pos());
        }
        if (e instanceof Ast.Call c) {
            return call(c);
        }
        if (e instanceof Ast.Filter f) {
            List<Object> args = new ArrayList<>();
            f.args().forEach(a -> args.add(eval(a)));
            if (!f.keywords().isEmpty()) {
                throw f.pos().error("unsupported keyword arguments " + f.keywords() + " to filter '" + f.name() + "'");
            }
            return Builtins.filter(f.name(), eval(f.target()), args, f.pos());
        }
        if (e instanceof Ast.Test t) {
            if (!t.args().isEmpty()) {
                throw t.pos().error("unsupported test '" + t.name() + "' with arguments");
            }
            return Builtins.test(t.name(), eval(t.target()), t.pos()) != t.negated();
        }
        if (e instanceof Ast.Conditional c) {
            return Builtins.truthy(eval(c.condition())) ? eval(c.then())
                    : c.otherwise() == null ? new Undefined("else") : eval(c.otherwise());
        }
        if (e instanceof Ast.Unary u) {
            Object v = eval(u.operand());
            return u.op().equals("not") ? !Builtins.truthy(v) : Operators.negate(v, u.pos());
        }
        Ast.Binary b = (Ast.Binary) e;
        if (b.op().equals("and")) {
            Object left = eval(b.left());
            return Builtins.truthy(left) ? eval(b.right()) : left;
        }
        if (b.op().equals("or")) {
            Object left = eval(b.left());
            return Builtins.truthy(left) ? left : eval(b.right());
        }
        return Operators.apply(b.op(), eval(b.left()), eval(b.right()), b.pos());
    }

    private Long bound(Ast.Expr e) {
        if (e == null) {
            return null;
        }
        Object v = eval(e);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Long l)) {
            throw e.pos().error("a slice bound must be an integer, not a " + Builtins.typeName(v));
        }
        return l;
    }

    private Object call(Ast.Call c) {
        List<Object> args = new ArrayList<>();
        c.args().forEach(a -> args.add(eval(a)));
        if (c.callee() instanceof Ast.Attribute a) {
            if (!c.keywords().isEmpty()) {
                throw c.pos().error("unsupported keyword arguments to '" + a.name() + "'");
            }
            return Builtins.method(eval(a.target()), a.name(), args, c.pos());
        }
        String name = c.callee() instanceof Ast.Name n ? n.name() : "?";
        if (name.equals("namespace") && args.isEmpty()) {
            Namespace ns = new Namespace();
            for (int k = 0; k < c.keywords().size(); k++) {
                ns.put(c.keywords().get(k), eval(c.keywordValues().get(k)));
            }
            return ns;
        }
        if (name.equals("raise_exception") && args.size() == 1 && c.keywords().isEmpty()) {
            throw new Raised(Builtins.text(args.get(0), c.pos()));
        }
        throw c.callee().pos().error("unsupported function '" + name + "'");
    }
}
