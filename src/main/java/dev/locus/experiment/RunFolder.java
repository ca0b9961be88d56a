package dev.locus.experiment;

import dev.locus.core.LocusException;
import dev.locus.data.files.CsvParser;
import dev.locus.experiment.config.ExperimentConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A run directory read back ({@link RunRecorder} wrote it): its config, the rows of {@code metrics.csv} and
 * {@code probes.csv}. A run still in progress reads as far as it got: the recorder rewrites each table atomically after
 * every method, and before the first one a run has only {@code config.json} and {@code run.json}, so a missing table
 * reads as no rows. {@code relearn.csv} is not read: its rows are the {@code relearn-<k>} rows of {@code metrics.csv}.
 *
 * @param dir the run's folder
 * @param config its {@code config.json}
 * @param metrics the rows of {@code metrics.csv}, in file order (empty value cells, NaN when written, read as NaN)
 * @param probes the rows of {@code probes.csv}, in file order
 */
public record RunFolder(Path dir, ExperimentConfig config, List<MetricRow> metrics, List<ProbeRow> probes) {

    /** The columns of {@code metrics.csv}, in order. */
    public static final List<String> METRIC_COLUMNS = List.of("method", "seed", "phase", "format", "split", "metric",
            "value");
    /** The columns of {@code probes.csv}, in order. */
    public static final List<String> PROBE_COLUMNS = List.of("method", "seed", "phase", "layer", "target", "accuracy");

    public RunFolder {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(config, "config");
        metrics = List.copyOf(metrics);
        probes = List.copyOf(probes);
    }

    /** Whether dir looks like a run directory: a folder with a {@code config.json}. */
    public static boolean isRun(Path dir) {
        return Files.isDirectory(dir) && Files.isRegularFile(dir.resolve("config.json"));
    }

    /**
     * Reads a run directory. A folder that is not a run, an unreadable file or a malformed line is one
     * LocusException naming the file (and the line).
     */
    public static RunFolder read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new LocusException(dir + ": " + (Files.exists(dir) ? "not a folder" : "no such folder"));
        }
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            throw new LocusException(dir + ": not a run folder (it has no config.json; a run folder is what"
                    + " 'locus run' or the Edit panel writes)");
        }
        ExperimentConfig config;
        try {
            config = ExperimentConfig.read(dir.resolve("config.json"));
        } catch (LocusException e) {
            // its messages name config.json alone; say which run's
            throw new LocusException(dir.getFileName() + "/" + e.getMessage(), e);
        }
        List<MetricRow> metrics = table(dir.resolve("metrics.csv"), METRIC_COLUMNS, line -> new MetricRow(
                line.text(0), line.whole(1), line.text(2), line.text(3), line.text(4), line.text(5), line.number(6)));
        List<ProbeRow> probes = table(dir.resolve("probes.csv"), PROBE_COLUMNS, line -> new ProbeRow(
                line.text(0), line.whole(1), line.text(2), (int) line.whole(3), line.text(4), line.number(5)));
        return new RunFolder(dir, config, metrics, probes);
    }

    /** The methods that have rows, in config order, then any others in file order ({@code none} left out). */
    public List<String> methods() {
        List<String> out = new ArrayList<>();
        for (String m : config.methods()) {
            if (metrics.stream().anyMatch(r -> r.method().equals(m)) || probes.stream().anyMatch(r -> r.method().equals(m))) {
                out.add(m);
            }
        }
        metrics.stream().map(MetricRow::method).distinct()
                .filter(m -> !out.contains(m) && !m.equals("none")).forEach(out::add);
        return out;
    }

    /** One data line of a table, for its row reader; errors name file, line and column. */
    private record Line(String label, long number, List<String> cells, List<String> header) {
        String text(int i) {
            return cells.get(i);
        }

        long whole(int i) {
            try {
                return Long.parseLong(cells.get(i).trim());
            } catch (NumberFormatException e) {
                throw error(i, "a whole number");
            }
        }

        double number(int i) {
            String s = cells.get(i).trim();
            if (s.isEmpty()) {
                return Double.NaN; // CsvWriter writes NaN as an empty cell
            }
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw error(i, "a number");
            }
        }

        private LocusException error(int i, String expected) {
            return new LocusException(label + ": line " + number + ": " + header.get(i) + " must be " + expected
                    + ", not '" + cells.get(i) + "'");
        }
    }

    private static <T> List<T> table(Path file, List<String> header, Function<Line, T> row) {
        String label = file.getParent().getFileName() + "/" + file.getFileName();
        List<T> out = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            CsvParser parser = new CsvParser(reader, label);
            List<String> first = parser.next();
            if (first == null) {
                return out;
            }
            if (!first.equals(header)) {
                throw new LocusException(label + ": line 1: the header must be " + String.join(",", header) + ", not "
                        + String.join(",", first));
            }
            for (List<String> cells = parser.next(); cells != null; cells = parser.next()) {
                if (cells.size() != header.size()) {
                    throw new LocusException(label + ": line " + parser.recordLine() + ": " + cells.size()
                            + " fields, expected " + header.size() + " (" + String.join(",", header) + ")");
                }
                out.add(row.apply(new Line(label, parser.recordLine(), cells, header)));
            }
            return out;
        } catch (NoSuchFileException e) {
            return out; // a run before its first method is done
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new LocusException(label + ": not UTF-8 text", e);
        } catch (IOException e) {
            throw new LocusException(label + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
