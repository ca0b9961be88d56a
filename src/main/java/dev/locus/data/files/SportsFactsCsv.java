package dev.locus.data.files;

import dev.locus.core.LocusException;
import dev.locus.core.Messages;
import dev.locus.data.Dataset;
import dev.locus.data.Fact;
import dev.locus.data.Formats;
import dev.locus.data.Texts;
import dev.locus.model.io.AtomicFiles;
import dev.locus.model.io.CsvWriter;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sports Facts CSV files (Nanda et al.'s sports.csv, and what the Sports World generator ships). Use {@link #read}
 * to load one as a {@link Dataset} with {@link Formats#sports()}, {@link #write} to save facts so that read gives
 * them back.
 *
 * <p>The header must have {@code athlete} and {@code sport} columns (any order, case-insensitive); an
 * {@code inject_sport_without_golf} column, when present, gives each athlete's edit target; other named columns go
 * into {@link Fact#extras()}, unnamed ones (pandas' index) are ignored. Sports are football, baseball or
 * basketball (case and surrounding spaces ignored); golf is only an answer candidate and edit target.
 */
public final class SportsFactsCsv {
    /** The sports an athlete can play. */
    public static final List<String> SPORTS = List.of("football", "baseball", "basketball");
    /** The answers scored for every athlete: the three sports and golf (the one-shot demonstration's answer). */
    public static final List<String> CANDIDATES = List.of("football", "baseball", "basketball", "golf");
    /** The relation of every sports fact. */
    public static final String RELATION = "sport";
    static final String EDIT_COLUMN = "inject_sport_without_golf";

    private SportsFactsCsv() {
    }

    /** Reads the file; every problem in it is a LocusException naming the file, the line and what is wrong. */
    public static Dataset read(Path csv) {
        String label = Messages.label(csv);
        try (Reader reader = StrictUtf8Reader.open(csv)) {
            CsvParser parser = new CsvParser(reader, label);
            List<String> header = parser.next();
            if (header == null) {
                throw new LocusException(label + ": file is empty; expected a CSV header with athlete and sport columns");
            }
            Columns columns = Columns.of(header, label, parser.recordLine());
            List<Fact> facts = new ArrayList<>();
            Map<String, Long> lines = new HashMap<>();
            for (List<String> row = parser.next(); row != null; row = parser.next()) {
                long line = parser.recordLine();
                if (row.size() != header.size()) {
                    throw new LocusException(label + ": line " + line + " has " + row.size() + " fields but the header has "
                            + header.size() + (row.size() < header.size() ? "" : " (an unquoted comma in a field?)"));
                }
                Fact fact = columns.fact(row, label, line);
                Long before = lines.putIfAbsent(fact.id(), line);
                if (before != null) {
                    throw new LocusException(label + ": line " + line + ": athlete " + Messages.quote(fact.id())
                            + " already appears on line " + before);
                }
                facts.add(fact);
            }
            if (facts.isEmpty()) {
                throw new LocusException(label + ": has a header but no athletes");
            }
            return new Dataset(Texts.baseName(csv), facts, Formats.sports());
        } catch (IOException e) {
            throw new LocusException(label + ": cannot read: " + Messages.reason(e), e);
        }
    }

    /**
     * Writes athlete,sport (and inject_sport_without_golf when any fact has an edit target) atomically; facts that
     * {@link #read} could not read back (another sport, a blank or repeated athlete) are an error.
     */
    public static void write(Path csv, List<Fact> facts) {
        boolean edits = facts.stream().anyMatch(f -> f.editTarget() != null);
        StringBuilder text = new StringBuilder("athlete,sport").append(edits ? "," + EDIT_COLUMN : "").append('\n');
        Map<String, String> seen = new HashMap<>();
        for (Fact fact : facts) {
            String athlete = fact.subject().strip();
            String sport = fact.attribute().strip().toLowerCase(Locale.ROOT);
            String why = athlete.isEmpty() ? "the athlete is blank"
                    : !SPORTS.contains(sport) ? "sport " + Messages.quote(fact.attribute()) + " is not one of " + SPORTS
                    : seen.putIfAbsent(athlete, fact.id()) != null ? "athlete " + Messages.quote(athlete) + " appears twice"
                    : null;
            if (why != null) {
                throw new LocusException(csv + ": cannot write fact " + Messages.quote(fact.id()) + ": " + why);
            }
            text.append(CsvWriter.field(athlete)).append(',').append(sport);
            if (edits) {
                text.append(',').append(fact.editTarget() == null ? "" : CsvWriter.field(fact.editTarget()));
            }
            text.append('\n');
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(csv, out -> out.write(bytes));
    }

    /** Where the columns are, found from the header. */
    private record Columns(int athlete, int sport, int edit, List<String> names) {

        static Columns of(List<String> header, String label, long line) {
            List<String> names = header.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
            for (String needed : List.of("athlete", "sport")) {
                if (!names.contains(needed)) {
                    throw new LocusException(label + ": line " + line + ": the header has no " + Messages.quote(needed)
                            + " column; it has " + Messages.clip(header.toString(), 200));
                }
            }
            return new Columns(names.indexOf("athlete"), names.indexOf("sport"), names.indexOf(EDIT_COLUMN),
                    header.stream().map(String::strip).toList());
        }

        Fact fact(List<String> row, String label, long line) {
            String athlete = row.get(this.athlete).strip();
            if (athlete.isEmpty()) {
                throw new LocusException(label + ": line " + line + ": the athlete is empty");
            }
            String sport = sport(row.get(this.sport), SPORTS, label, line, "sport of " + Messages.quote(athlete));
            String target = edit < 0 || row.get(edit).isBlank() ? null
                    : sport(row.get(edit), CANDIDATES, label, line, EDIT_COLUMN + " of " + Messages.quote(athlete));
            if (sport.equals(target)) {
                throw new LocusException(label + ": line " + line + ": " + EDIT_COLUMN + " of "
                        + Messages.quote(athlete) + " is " + Messages.quote(target) + ", the athlete's own sport");
            }
            Map<String, String> extras = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                if (i != this.athlete && i != this.sport && i != edit && !names.get(i).isEmpty()) {
                    extras.putIfAbsent(names.get(i), row.get(i));
                }
            }
            return new Fact(athlete, athlete, RELATION, sport, CANDIDATES, target, Map.of(), extras);
        }

        private static String sport(String value, List<String> allowed, String label, long line, String what) {
            String sport = value.strip().toLowerCase(Locale.ROOT);
            if (!allowed.contains(sport)) {
                throw new LocusException(label + ": line " + line + ": " + what + " is " + Messages.quote(value.strip())
                        + "; expected " + String.join(", ", allowed));
            }
            return sport;
        }
    }
}
