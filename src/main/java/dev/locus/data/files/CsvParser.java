package dev.locus.data.files;

import dev.locus.core.LocusException;
import dev.locus.core.Messages;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV records (RFC 4180) one at a time: fields separated by commas, records by LF, CRLF or a lone CR;
 * a field in double quotes may hold commas, line breaks and doubled quotes. A quote inside an unquoted field is
 * kept as a character (as spreadsheets do). Blank lines are skipped. Errors name the file and the line.
 */
public final class CsvParser {
    private final Reader in;
    private final String label;
    private final char[] buffer = new char[1 << 14];
    private int position;
    private int limit;
    /** Line of the next character (1-based). */
    private long line = 1;
    private long recordLine;

    public CsvParser(Reader in, String label) {
        this.in = in;
        this.label = label;
    }

    /** The line where the record last returned by {@link #next} starts. */
    public long recordLine() {
        return recordLine;
    }

    /** The next record's fields, or null at the end of the file. */
    public List<String> next() throws IOException {
        while (true) {
            int c = peek();
            if (c < 0) {
                return null;
            }
            if (c == '\n' || c == '\r') { // a blank line
                endOfLine();
                continue;
            }
            return record();
        }
    }

    private List<String> record() throws IOException {
        recordLine = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        while (true) {
            int c = peek();
            if (c == '"' && field.length() == 0) {
                quoted(field);
                c = peek();
                if (c >= 0 && c != ',' && c != '\n' && c != '\r') {
                    throw new LocusException(label + ": line " + line + ": unexpected "
                            + Messages.quote(Character.toString(c))
                            + " after a closing quote (a quote inside a quoted field must be doubled: \"\")");
                }
            }
            if (c < 0 || c == '\n' || c == '\r') {
                fields.add(field.toString());
                if (c >= 0) {
                    endOfLine();
                }
                return fields;
            }
            take();
            if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append((char) c);
            }
        }
    }

    /** Reads a quoted field's content, from its opening quote to its closing one. */
    private void quoted(StringBuilder field) throws IOException {
        long opened = line;
        take();
        while (true) {
            int c = peek();
            if (c < 0) {
                throw new LocusException(label + ": line " + opened
                        + ": a quoted field starts here and is never closed (unterminated quote)");
            }
            if (c == '"') {
                take();
                if (peek() != '"') {
                    return;
                }
                take();
                field.append('"');
            } else if (c == '\r' || c == '\n') {
                endOfLine();
                field.append('\n'); // CRLF inside a field reads as one line break
            } else {
                take();
                field.append((char) c);
            }
        }
    }

    /** Consumes one line break: LF, CRLF or a lone CR. */
    private void endOfLine() throws IOException {
        if (take() == '\r' && peek() == '\n') {
            take();
        }
        line++;
    }

    private int peek() throws IOException {
        if (position == limit) {
            int n;
            do {
                n = in.read(buffer, 0, buffer.length);
            } while (n == 0);
            if (n < 0) {
                return -1;
            }
            position = 0;
            limit = n;
        }
        return buffer[position];
    }

    private int take() throws IOException {
        int c = peek();
        if (c >= 0) {
            position++;
        }
        return c;
    }
}
