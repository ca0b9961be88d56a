package dev.locus.model.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits template text into plain text and tags ({@code {{ }}}, {@code {% %}}; comments {@code {# #}} dropped), and
 * tags into tokens. Whitespace is handled as {@code transformers} compiles chat templates: {@code trim_blocks} and
 * {@code lstrip_blocks} on, and the {@code -} markers ({@code {%-}, {@code -%}}) strip all whitespace on their side.
 */
final class TemplateLexer {
    enum TokenType { NAME, STRING, INT, FLOAT, OP, END }

    record Token(TokenType type, String text, Object value, Ast.Pos pos) {
        boolean is(String op) {
            return (type == TokenType.OP || type == TokenType.NAME) && text.equals(op);
        }
    }

    /** A piece of the template: text, or a tag ({@code block} true for {@code {% %}}) with its tokens. */
    record Segment(String text, boolean block, List<Token> tokens, Ast.Pos pos) {
        boolean isText() {
            return tokens == null;
        }
    }

    private static final List<String> OPERATORS = List.of("==", "!=", "<=", ">=", "//", "**", "<", ">", "+", "-",
            "*", "/", "%", "~", "|", ".", ",", ":", "(", ")", "[", "]", "{", "}", "=");

    private final String src;

    private TemplateLexer(String src) {
        this.src = src;
    }

    static List<Segment> segments(String template) {
        return new TemplateLexer(template).split();
    }

    private List<Segment> split() {
        List<Segment> out = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int i = 0;
        boolean trimNext = false;    // "-%}" before: strip all leading whitespace of the next text
        boolean trimNewline = false; // trim_blocks: drop one newline after a block tag or comment
        while (i < src.length()) {
            int open = nextOpen(i);
            String chunk = src.substring(i, open < 0 ? src.length() : open);
            if (trimNext) {
                chunk = chunk.stripLeading();
            } else if (trimNewline && chunk.startsWith("\n")) {
                chunk = chunk.substring(1);
            } else if (trimNewline && chunk.startsWith("\r\n")) {
                chunk = chunk.substring(2);
            }
            text.append(chunk);
            if (open < 0) {
                break;
            }
            char kind = src.charAt(open + 1);
            String close = kind == '{' ? "}}" : kind == '%' ? "%}" : "#}";
            int bodyStart = open + 2;
            boolean stripBefore = bodyStart < src.length() && src.charAt(bodyStart) == '-';
            boolean keepBefore = bodyStart < src.length() && src.charAt(bodyStart) == '+';
            int end = kind == '#' ? src.indexOf(close, bodyStart) : closing(bodyStart, close);
            if (end < 0) {
                throw at(open, "a tag opened here is never closed with " + close);
            }
            boolean stripAfter = end > bodyStart && src.charAt(end - 1) == '-';
            if (stripBefore) {
                trimEnd(text);
            } else if (kind != '{' && !keepBefore) {
                lstripBlock(text, i, open);
            }
            if (!text.isEmpty()) {
                out.add(new Segment(text.toString(), false, null, null));
                text.setLength(0);
            }
            if (kind != '#') {
                int from = bodyStart + (stripBefore || keepBefore ? 1 : 0);
                int to = stripAfter ? end - 1 : end;
                out.add(new Segment(null, kind == '%', tokens(from, Math.max(from, to)), pos(open)));
            }
            trimNext = stripAfter;
            trimNewline = kind != '{';
            i = end + 2;
        }
        if (!text.isEmpty()) {
            out.add(new Segment(text.toString(), false, null, null));
        }
        return out;
    }

    /** Where the tag's {@code close} is, skipping quoted strings (a "}}" inside a string does not end the tag). */
    private int closing(int from, String close) {
        char quote = 0;
        for (int i = from; i < src.length(); i++) {
            char c = src.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (src.startsWith(close, i)) {
                return i;
            }
        }
        return -1;
    }

    private int nextOpen(int from) {
        int i = src.indexOf('{', from);
        while (i >= 0 && i + 1 < src.length()) {
            char c = src.charAt(i + 1);
            if (c == '{' || c == '%' || c == '#') {
                return i;
            }
            i = src.indexOf('{', i + 1);
        }
        return -1;
    }

    private static void trimEnd(StringBuilder text) {
        int n = text.length();
        while (n > 0 && Character.isWhitespace(text.charAt(n - 1))) {
            n--;
        }
        text.setLength(n);
    }

    /**
     * lstrip_blocks: spaces and tabs between the start of a line and a block tag go. {@code chunkStart} is where the
     * text since the last tag began in the source, {@code open} where the tag begins.
     */
    private void lstripBlock(StringBuilder text, int chunkStart, int open) {
        int k = open - 1;
        while (k >= chunkStart && (src.charAt(k) == ' ' || src.charAt(k) == '\t')) {
            k--;
        }
        boolean lineStart = k < chunkStart ? chunkStart == 0 : src.charAt(k) == '\n';
        int n = text.length();
        for (int blanks = open - 1 - k; lineStart && blanks > 0 && n > 0
                && (text.charAt(n - 1) == ' ' || text.charAt(n - 1) == '\t'); blanks--) {
            n--;
        }
        text.setLength(n);
    }

    private List<Token> tokens(int from, int to) {
        List<Token> out = new ArrayList<>();
        int i = from;
        while (i < to) {
            char c = src.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isLetter(c) || c == '_') {
                int s = i;
                while (i < to && (Character.isLetterOrDigit(src.charAt(i)) || src.charAt(i) == '_')) {
                    i++;
                }
                out.add(new Token(TokenType.NAME, src.substring(s, i), null, pos(s)));
            } else if (Character.isDigit(c)) {
                int s = i;
                while (i < to && Character.isDigit(src.charAt(i))) {
                    i++;
                }
                boolean fraction = i + 1 < to && src.charAt(i) == '.' && Character.isDigit(src.charAt(i + 1));
                if (fraction) {
                    i++;
                    while (i < to && Character.isDigit(src.charAt(i))) {
                        i++;
                    }
                }
                String t = src.substring(s, i);
                out.add(fraction ? new Token(TokenType.FLOAT, t, Double.parseDouble(t), pos(s))
                        : new Token(TokenType.INT, t, Long.parseLong(t), pos(s)));
            } else if (c == '\'' || c == '"') {
                i = string(i, to, out);
            } else {
                String op = operatorAt(i, to);
                out.add(new Token(TokenType.OP, op, null, pos(i)));
                i += op.length();
            }
        }
        out.add(new Token(TokenType.END, "end of tag", null, pos(to)));
        return out;
    }

    private String operatorAt(int i, int to) {
        for (String o : OPERATORS) {
            if (i + o.length() <= to && src.startsWith(o, i)) {
                return o;
            }
        }
        throw at(i, "unexpected character '" + src.charAt(i) + "'");
    }

    /** A quoted string with Python's common escapes; returns the index after its closing quote. */
    private int string(int start, int to, List<Token> out) {
        char quote = src.charAt(start);
        StringBuilder value = new StringBuilder();
        int i = start + 1;
        while (i < to && src.charAt(i) != quote) {
            char c = src.charAt(i);
            if (c == '\\' && i + 1 < to) {
                char e = src.charAt(++i);
                switch (e) {
                    case 'n' -> value.append('\n');
                    case 't' -> value.append('\t');
                    case 'r' -> value.append('\r');
                    case '\\', '\'', '"' -> value.append(e);
                    default -> value.append('\\').append(e);
                }
            } else {
                value.append(c);
            }
            i++;
        }
        if (i >= to) {
            throw at(start, "a string opened here is never closed");
        }
        out.add(new Token(TokenType.STRING, src.substring(start, i + 1), value.toString(), pos(start)));
        return i + 1;
    }

    private Ast.Pos pos(int offset) {
        int line = 1;
        int lineStart = 0;
        for (int k = 0; k < offset && k < src.length(); k++) {
            if (src.charAt(k) == '\n') {
                line++;
                lineStart = k + 1;
            }
        }
        return new Ast.Pos(line, offset - lineStart + 1);
    }

    private TemplateException at(int offset, String message) {
        Ast.Pos p = pos(offset);
        return new TemplateException(message, p.line(), p.column());
    }
}
