package dev.locus.model.chat;

import dev.locus.model.chat.TemplateLexer.Token;
import dev.locus.model.chat.TemplateLexer.TokenType;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the expressions of one tag with Jinja's precedence: conditional, or, and, not, comparisons and {@code in},
 * {@code ~}, {@code + -}, {@code * / // %}, unary minus, then filters and {@code is} tests on a postfix chain
 * (attribute, item, slice, call) of a literal, name, parenthesis or list.
 */
final class ExpressionParser {
    private static final List<String> COMPARISONS = List.of("==", "!=", "<", ">", "<=", ">=");

    private final List<Token> tokens;
    private int at;

    ExpressionParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    Token peek() {
        return tokens.get(at);
    }

    Token next() {
        Token t = tokens.get(at);
        if (t.type() != TokenType.END) {
            at++;
        }
        return t;
    }

    boolean accept(String op) {
        if (peek().is(op) && peek().type() != TokenType.STRING) {
            at++;
            return true;
        }
        return false;
    }

    Token expect(String op) {
        if (!accept(op)) {
            throw peek().pos().error("expected '" + op + "' but found '" + peek().text() + "'");
        }
        return tokens.get(at - 1);
    }

    String name() {
        Token t = next();
        if (t.type() != TokenType.NAME) {
            throw t.pos().error("expected a name but found '" + t.text() + "'");
        }
        return t.text();
    }

    void end() {
        if (peek().type() != TokenType.END) {
            throw peek().pos().error("unexpected '" + peek().text() + "'");
        }
    }

    Ast.Expr expression() {
        Ast.Expr value = or();
        if (peek().is("if") && peek().type() == TokenType.NAME) {
            Ast.Pos pos = next().pos();
            Ast.Expr condition = or();
            Ast.Expr otherwise = accept("else") ? expression() : null;
            return new Ast.Conditional(value, condition, otherwise, pos);
        }
        return value;
    }

    /** An expression without a trailing {@code if ... else ...}: a for loop's iterable. */
    Ast.Expr withoutConditional() {
        return or();
    }

    private Ast.Expr or() {
        Ast.Expr left = and();
        while (peek().is("or")) {
            Ast.Pos pos = next().pos();
            left = new Ast.Binary("or", left, and(), pos);
        }
        return left;
    }

    private Ast.Expr and() {
        Ast.Expr left = not();
        while (peek().is("and")) {
            Ast.Pos pos = next().pos();
            left = new Ast.Binary("and", left, not(), pos);
        }
        return left;
    }

    private Ast.Expr not() {
        if (peek().is("not")) {
            Ast.Pos pos = next().pos();
            return new Ast.Unary("not", not(), pos);
        }
        return compare();
    }

    private Ast.Expr compare() {
        Ast.Expr left = concat();
        while (true) {
            Token t = peek();
            if (t.type() == TokenType.OP && COMPARISONS.contains(t.text())) {
                next();
                left = new Ast.Binary(t.text(), left, concat(), t.pos());
            } else if (t.is("in")) {
                next();
                left = new Ast.Binary("in", left, concat(), t.pos());
            } else if (t.is("not") && tokens.get(at + 1).is("in")) {
                next();
                next();
                left = new Ast.Unary("not", new Ast.Binary("in", left, concat(), t.pos()), t.pos());
            } else {
                return left;
            }
        }
    }

    private Ast.Expr concat() {
        Ast.Expr left = additive();
        while (peek().is("~")) {
            Ast.Pos pos = next().pos();
            left = new Ast.Binary("~", left, additive(), pos);
        }
        return left;
    }

    private Ast.Expr additive() {
        Ast.Expr left = multiplicative();
        while (peek().type() == TokenType.OP && (peek().is("+") || peek().is("-"))) {
            Token t = next();
            left = new Ast.Binary(t.text(), left, multiplicative(), t.pos());
        }
        return left;
    }

    private Ast.Expr multiplicative() {
        Ast.Expr left = unary();
        while (peek().type() == TokenType.OP && List.of("*", "/", "//", "%").contains(peek().text())) {
            Token t = next();
            left = new Ast.Binary(t.text(), left, unary(), t.pos());
        }
        return left;
    }

    private Ast.Expr unary() {
        if (peek().type() == TokenType.OP && peek().is("-")) {
            Ast.Pos pos = next().pos();
            return new Ast.Unary("-", unary(), pos);
        }
        return filtered(postfix(primary()));
    }

    private Ast.Expr filtered(Ast.Expr target) {
        while (true) {
            if (peek().type() == TokenType.OP && peek().is("|")) {
                Ast.Pos pos = next().pos();
                String name = name();
                List<String> keywords = new ArrayList<>();
                List<Ast.Expr> args = peek().is("(") ? arguments(keywords, new ArrayList<>()) : List.of();
                target = new Ast.Filter(target, name, args, keywords, pos);
            } else if (peek().is("is") && peek().type() == TokenType.NAME) {
                Ast.Pos pos = next().pos();
                boolean negated = accept("not");
                String name = name();
                List<Ast.Expr> args = peek().is("(") ? arguments(null, null) : List.of();
                target = new Ast.Test(target, name, negated, args, pos);
            } else {
                return target;
            }
        }
    }

    private Ast.Expr postfix(Ast.Expr target) {
        while (true) {
            Token t = peek();
            if (t.type() == TokenType.OP && t.is(".")) {
                next();
                target = new Ast.Attribute(target, name(), t.pos());
            } else if (t.type() == TokenType.OP && t.is("[")) {
                next();
                target = subscript(target, t.pos());
            } else if (t.type() == TokenType.OP && t.is("(")) {
                List<String> keywords = new ArrayList<>();
                List<Ast.Expr> values = new ArrayList<>();
                List<Ast.Expr> args = arguments(keywords, values);
                target = new Ast.Call(target, args, keywords, values, t.pos());
            } else {
                return target;
            }
        }
    }

    private Ast.Expr subscript(Ast.Expr target, Ast.Pos pos) {
        Ast.Expr start = peek().is(":") ? null : expression();
        if (accept("]")) {
            return new Ast.Item(target, start, pos);
        }
        expect(":");
        Ast.Expr stop = peek().is(":") || peek().is("]") ? null : expression();
        Ast.Expr step = null;
        if (accept(":")) {
            step = peek().is("]") ? null : expression();
        }
        expect("]");
        return new Ast.Slice(target, start, stop, step, pos);
    }

    /** {@code (a, b, name=c)}; keyword arguments only where {@code keywords} is given (calls and filters, not tests). */
    private List<Ast.Expr> arguments(List<String> keywords, List<Ast.Expr> values) {
        expect("(");
        List<Ast.Expr> args = new ArrayList<>();
        while (!accept(")")) {
            if (!args.isEmpty() || (values != null && !values.isEmpty())) {
                expect(",");
            }
            if (peek().type() == TokenType.NAME && tokens.get(at + 1).is("=")) {
                Token key = next();
                next();
                if (keywords == null) {
                    throw key.pos().error("keyword argument '" + key.text() + "' is not supported here");
                }
                keywords.add(key.text());
                values.add(expression());
            } else {
                args.add(expression());
            }
        }
        return args;
    }

    private Ast.Expr primary() {
        Token t = next();
        switch (t.type()) {
            case STRING -> {
                StringBuilder s = new StringBuilder((String) t.value());
                while (peek().type() == TokenType.STRING) { // adjacent literals join, as in Python
                    s.append((String) next().value());
                }
                return new Ast.Literal(s.toString(), t.pos());
            }
            case INT, FLOAT -> {
                return new Ast.Literal(t.value(), t.pos());
            }
            case NAME -> {
                return switch (t.text()) {
                    case "true", "True" -> new Ast.Literal(Boolean.TRUE, t.pos());
                    case "false", "False" -> new Ast.Literal(Boolean.FALSE, t.pos());
                    case "none", "None" -> new Ast.Literal(null, t.pos());
                    default -> new Ast.Name(t.text(), t.pos());
                };
            }
            default -> {
                if (t.is("(")) {
                    Ast.Expr inner = expression();
                    expect(")");
                    return inner;
                }
                if (t.is("[")) {
                    List<Ast.Expr> items = new ArrayList<>();
                    while (!accept("]")) {
                        if (!items.isEmpty()) {
                            expect(",");
                        }
                        items.add(expression());
                    }
                    return new Ast.ListLiteral(items, t.pos());
                }
                throw t.pos().error("unexpected '" + t.text() + "'");
            }
        }
    }
}
