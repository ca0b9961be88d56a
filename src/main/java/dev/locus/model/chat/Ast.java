package dev.locus.model.chat;

import java.util.List;

/** The parsed template: statements and expressions, each with its place in the template text. */
final class Ast {
    private Ast() {
    }

    /** Where a node starts in the template: 1-based line and column. */
    record Pos(int line, int column) {
        TemplateException error(String message) {
            return new TemplateException(message, line, column);
        }
    }

    /** A statement of the template body. */
    sealed interface Stmt permits Text, Output, If, For, Set {
    }

    record Text(String text) implements Stmt {
    }

    record Output(Expr expr, Pos pos) implements Stmt {
    }

    /** One if/elif branch; {@code otherwise} is the else body (empty when none). */
    record If(List<Expr> conditions, List<List<Stmt>> bodies, List<Stmt> otherwise, Pos pos) implements Stmt {
    }

    /** {@code for targets in iterable [if filter]}; {@code filter} null when the loop has none. */
    record For(List<String> targets, Expr iterable, Expr filter, List<Stmt> body, Pos pos) implements Stmt {
    }

    /** {@code set name = value}, or {@code set name.attribute = value} on a namespace. */
    record Set(String name, String attribute, Expr value, Pos pos) implements Stmt {
    }

    /** An expression. */
    sealed interface Expr permits Literal, ListLiteral, Name, Attribute, Item, Slice, Call, Filter, Test, Unary,
            Binary, Conditional {
        Pos pos();
    }

    record Literal(Object value, Pos pos) implements Expr {
    }

    record ListLiteral(List<Expr> items, Pos pos) implements Expr {
    }

    record Name(String name, Pos pos) implements Expr {
    }

    record Attribute(Expr target, String name, Pos pos) implements Expr {
    }

    record Item(Expr target, Expr key, Pos pos) implements Expr {
    }

    /** {@code target[start:stop:step]}; absent parts are null. */
    record Slice(Expr target, Expr start, Expr stop, Expr step, Pos pos) implements Expr {
    }

    /** A call of a function or a method: {@code callee} is a Name or an Attribute. */
    record Call(Expr callee, List<Expr> args, List<String> keywords, List<Expr> keywordValues, Pos pos)
            implements Expr {
    }

    /** {@code keywords}: names of keyword arguments, which no supported filter takes. */
    record Filter(Expr target, String name, List<Expr> args, List<String> keywords, Pos pos) implements Expr {
    }

    record Test(Expr target, String name, boolean negated, List<Expr> args, Pos pos) implements Expr {
    }

    record Unary(String op, Expr operand, Pos pos) implements Expr {
    }

    record Binary(String op, Expr left, Expr right, Pos pos) implements Expr {
    }

    /** {@code then if condition else otherwise}; otherwise null renders as undefined. */
    record Conditional(Expr then, Expr condition, Expr otherwise, Pos pos) implements Expr {
    }
}
