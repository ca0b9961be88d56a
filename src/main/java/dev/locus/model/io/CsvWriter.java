package dev.locus.model.io;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes tidy CSV files (RFC 4180 quoting, UTF-8, '\n' line ends) that pandas and spreadsheets read as they are.
 * Numbers are written in full (shortest round-trip form); nulls and NaN become empty cells. The write is atomic.
 */
public final class CsvWriter {
    private CsvWriter() {
    }

    /** Writes {@code header} then {@code rows}; every row must have as many cells as the header. */
    public static void write(Path file, List<String> header, List<? extends List<?>> rows) {
        StringBuilder text = new StringBuilder();
        line(text, header);
        for (List<?> row : rows) {
            if (row.size() != header.size()) {
                throw new IllegalArgumentException(file + ": a row of " + row.size() + " cells under " + header.size() + " columns");
            }
            line(text, row);
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    /** A CSV field, quoted when it holds a comma, a quote or a line break. */
    public static String field(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private static void line(StringBuilder text, List<?> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(cell(cells.get(i)));
        }
        text.append('\n');
    }

    private static String cell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return d.isNaN() ? "" : Double.toString(d).toLowerCase(Locale.ROOT);
        }
        if (v instanceof Float f) {
            return f.isNaN() ? "" : Float.toString(f).toLowerCase(Locale.ROOT);
        }
        return field(v.toString());
    }
}
