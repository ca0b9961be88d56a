package dev.locus.model.chat;

/**
 * A template that cannot be read or rendered, with where in the template text (1-based line and column; 0 when
 * unknown). {@link ChatTemplate} turns it into a one-line {@link dev.locus.core.LocusException} naming the file.
 */
final class TemplateException extends RuntimeException {
    private final int line;
    private final int column;

    TemplateException(String message, int line, int column) {
        super(message);
        this.line = line;
        this.column = column;
    }

    /** "line L, column C: what", or just what when the place is unknown. */
    String located() {
        return line <= 0 ? getMessage() : "line " + line + ", column " + column + ": " + getMessage();
    }
}
