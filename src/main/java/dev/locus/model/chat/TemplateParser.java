package dev.locus.model.chat;

import dev.locus.model.chat.TemplateLexer.Segment;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the statement tree from the lexer's segments. The tags read are {@code if}/{@code elif}/{@code else}/
 * {@code endif}, {@code for}/{@code endfor} and {@code set}; any other tag is refused here, where it stands, so a
 * template outside the subset fails before anything renders.
 */
final class TemplateParser {
    private final List<Segment> segments;
    private int at;

    private TemplateParser(List<Segment> segments) {
        this.segments = segments;
    }

    static List<Ast.Stmt> parse(String template) {
        TemplateParser p = new TemplateParser(TemplateLexer.segments(template));
        List<Ast.Stmt> body = new ArrayList<>();
        String stop = p.body(body, List.of());
        if (stop != null) {
            throw p.segments.get(p.at - 1).pos().error("'" + stop + "' without its opening tag");
        }
        return body;
    }

    /**
     * Reads statements into {@code out} until a block tag named in {@code stops} (returned, its tag consumed, the
     * parser left on its tokens) or the end (null, when {@code stops} allows it).
     */
    private String body(List<Ast.Stmt> out, List<String> stops) {
        while (at < segments.size()) {
            Segment s = segments.get(at++);
            if (s.isText()) {
                out.add(new Ast.Text(s.text()));
                continue;
            }
            ExpressionParser e = new ExpressionParser(s.tokens());
            if (!s.block()) {
                Ast.Expr value = e.expression();
                e.end();
                out.add(new Ast.Output(value, s.pos()));
                continue;
            }
            String tag = e.name();
            if (stops.contains(tag)) {
                current = e;
                return tag;
            }
            switch (tag) {
                case "if" -> out.add(ifStatement(e, s.pos()));
                case "for" -> out.add(forStatement(e, s.pos()));
                case "set" -> out.add(setStatement(e, s.pos()));
                case "elif", "else", "endif", "endfor" -> throw s.pos().error("'" + tag + "' without its opening tag");
                default -> throw s.pos().error("unsupported tag '" + tag + "'");
            }
        }
        if (!stops.isEmpty()) {
            throw new TemplateException("the template ends before '" + stops.get(stops.size() - 1) + "'", 0, 0);
        }
        return null;
    }

    /** The tokens of the tag that ended the last {@link #body} call. */
    private ExpressionParser current;

    private Ast.Stmt ifStatement(ExpressionParser e, Ast.Pos pos) {
        List<Ast.Expr> conditions = new ArrayList<>();
        List<List<Ast.Stmt>> bodies = new ArrayList<>();
        List<Ast.Stmt> otherwise = new ArrayList<>();
        Ast.Expr condition = e.expression();
        e.end();
        while (true) {
            List<Ast.Stmt> body = new ArrayList<>();
            String stop = body(body, List.of("elif", "else", "endif"));
            conditions.add(condition);
            bodies.add(body);
            if (stop.equals("elif")) {
                condition = current.expression();
                current.end();
            } else {
                current.end();
                if (stop.equals("else")) {
                    body(otherwise, List.of("endif"));
                    current.end();
                }
                return new Ast.If(conditions, bodies, otherwise, pos);
            }
        }
    }

    private Ast.Stmt forStatement(ExpressionParser e, Ast.Pos pos) {
        List<String> targets = new ArrayList<>();
        targets.add(e.name());
        while (e.accept(",")) {
            targets.add(e.name());
        }
        e.expect("in");
        Ast.Expr iterable = e.withoutConditional();
        Ast.Expr filter = e.accept("if") ? e.withoutConditional() : null;
        if (e.peek().is("recursive")) {
            throw e.peek().pos().error("unsupported 'recursive' loop");
        }
        e.end();
        List<Ast.Stmt> body = new ArrayList<>();
        String stop = body(body, List.of("endfor", "else"));
        if (stop.equals("else")) {
            throw segments.get(at - 1).pos().error("unsupported 'else' in a for loop");
        }
        current.end();
        return new Ast.For(targets, iterable, filter, body, pos);
    }

    private Ast.Stmt setStatement(ExpressionParser e, Ast.Pos pos) {
        String name = e.name();
        String attribute = e.accept(".") ? e.name() : null;
        if (!e.accept("=")) {
            throw e.peek().pos().error("unsupported form of 'set' (only 'set name = value' and 'set ns.name = value')");
        }
        Ast.Expr value = e.expression();
        e.end();
        return new Ast.Set(name, attribute, value, pos);
    }
}
