package dev.locus.data.files;

import dev.locus.core.LocusException;
import dev.locus.core.Messages;
import dev.locus.data.Question;
import dev.locus.model.io.AtomicFiles;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * MMLU-style multiple-choice questions in a CSV with the header {@code question,A,B,C,D,answer} (answer is a
 * letter). The general-capability side of an evaluation: does an edit hurt what the model knows beyond the
 * facts it targets?
 */
public final class QuestionsCsv {
    private static final List<String> HEADER = List.of("question", "a", "b", "c", "d", "answer");

    private QuestionsCsv() {
    }

    public static List<Question> read(Path csv) {
        String label = Messages.label(csv);
        try (Reader reader = StrictUtf8Reader.open(csv)) {
            CsvParser parser = new CsvParser(reader, label);
            List<String> header = parser.next();
            if (header == null) {
                throw new LocusException(label + ": file is empty; expected the header question,A,B,C,D,answer");
            }
            List<String> lower = header.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
            if (!lower.equals(HEADER)) {
                throw new LocusException(label + ": line " + parser.recordLine() + ": header is " + header
                        + "; expected question,A,B,C,D,answer");
            }
            List<Question> out = new ArrayList<>();
            for (List<String> row = parser.next(); row != null; row = parser.next()) {
                long line = parser.recordLine();
                if (row.size() != 6) {
                    throw new LocusException(label + ": line " + line + " has " + row.size() + " fields; expected 6");
                }
                int answer = Question.LETTERS.indexOf(row.get(5).trim().toUpperCase(Locale.ROOT));
                if (answer < 0) {
                    throw new LocusException(label + ": line " + line + ": answer " + Messages.quote(row.get(5))
                            + " is not one of A, B, C, D");
                }
                if (row.get(0).isBlank()) {
                    throw new LocusException(label + ": line " + line + ": empty question");
                }
                out.add(new Question(row.get(0).trim(), row.subList(1, 5).stream().map(String::trim).toList(), answer));
            }
            if (out.isEmpty()) {
                throw new LocusException(label + ": has a header but no questions");
            }
            return out;
        } catch (IOException e) {
            throw new LocusException(label + ": cannot read: " + Messages.reason(e), e);
        }
    }

    public static void write(Path csv, List<Question> questions) {
        StringBuilder s = new StringBuilder("question,A,B,C,D,answer\n");
        for (Question q : questions) {
            s.append(field(q.question()));
            for (String o : q.options()) {
                s.append(',').append(field(o));
            }
            s.append(',').append(Question.LETTERS.get(q.answer())).append('\n');
        }
        AtomicFiles.writeString(csv, s.toString());
    }

    private static String field(String v) {
        return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
