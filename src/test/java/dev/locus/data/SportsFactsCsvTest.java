package dev.locus.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.core.LocusException;
import dev.locus.data.files.SportsFactsCsv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the paper's sports.csv shape, writing and reading back, and every kind of broken file. */
class SportsFactsCsvTest {
    @TempDir
    Path dir;

    @Test
    void readsThePapersColumnsWithQuotedMultiLinePrompts() throws IOException {
        Dataset data = SportsFactsCsv.read(SampleData.write(dir, "sports.csv", SampleData.SPORTS_CSV));
        assertEquals("sports", data.name());
        assertEquals(10, data.facts().size());
        Fact first = data.facts().get(0);
        assertEquals("DeForest Buckner", first.id());
        assertEquals("DeForest Buckner", first.subject());
        assertEquals("sport", first.relation());
        assertEquals("football", first.attribute());
        assertEquals("basketball", first.editTarget());
        assertEquals(List.of("football", "baseball", "basketball", "golf"), first.candidates());
        assertEquals("Fact: Tiger Woods plays the sport of golf\nFact: DeForest Buckner plays the sport of",
                first.extras().get("prompt"));
        assertEquals("golf", first.extras().get("inject_sport_with_golf"));
        assertEquals("Boris Diaw", data.facts().get(9).subject());
        assertEquals(List.of("football", "baseball", "basketball"), data.attributes());
        assertEquals(List.of("standard", "mcq", "qa", "qa-system", "mcq-system"), data.formats().stream().map(PromptFormat::name).toList());
    }

    @Test
    void acceptsCrlfBomDoubledQuotesAndAnyColumnOrder() throws IOException {
        String csv = "\uFEFFSport,notes,Athlete\r\n Basketball ,\"say \"\"hi\"\"\r\nthere, ok\",Jae Crowder\r\n\r\n"
                + "baseball,,\"O'Neil, Paul\"\r\n";
        Dataset data = SportsFactsCsv.read(SampleData.write(dir, "crlf.csv", csv));
        assertEquals(2, data.facts().size());
        assertEquals("Jae Crowder", data.facts().get(0).id());
        assertEquals("basketball", data.facts().get(0).attribute());
        assertEquals("say \"hi\"\nthere, ok", data.facts().get(0).extras().get("notes"));
        assertEquals("O'Neil, Paul", data.facts().get(1).subject());
        assertNull(data.facts().get(1).editTarget());
    }

    @Test
    void writtenFactsReadBack() throws IOException {
        Dataset data = SportsFactsCsv.read(SampleData.write(dir, "sports.csv", SampleData.SPORTS_CSV));
        List<Fact> facts = new java.util.ArrayList<>(data.facts());
        facts.add(Fact.of("Smith, \"Jr\"", "Smith, \"Jr\"", "sport", "baseball", SportsFactsCsv.CANDIDATES, "golf"));
        facts.add(Fact.of("No Target", "No Target", "sport", "football", SportsFactsCsv.CANDIDATES, null));
        Path out = dir.resolve("out/world.csv");
        SportsFactsCsv.write(out, facts);
        assertTrue(Files.readString(out).startsWith("athlete,sport,inject_sport_without_golf\nDeForest Buckner,football,"
                + "basketball\n"));
        Dataset back = SportsFactsCsv.read(out);
        assertEquals(facts.size(), back.facts().size());
        for (int i = 0; i < facts.size(); i++) {
            Fact a = facts.get(i);
            Fact b = back.facts().get(i);
            assertEquals(List.of(a.id(), a.subject(), a.attribute(), String.valueOf(a.editTarget())),
                    List.of(b.id(), b.subject(), b.attribute(), String.valueOf(b.editTarget())));
        }
        SportsFactsCsv.write(out, EditTargets.named(facts, "golf").stream().map(f -> f.withEditTarget(null)).toList());
        assertEquals("athlete,sport", Files.readString(out).lines().findFirst().orElseThrow());
    }

    @Test
    void writingASportTheReaderRefusesIsAnError() {
        Fact golfer = Fact.of("Tiger Woods", "Tiger Woods", "sport", "golf", SportsFactsCsv.CANDIDATES, null);
        LocusException e = assertThrows(LocusException.class,
                () -> SportsFactsCsv.write(dir.resolve("x.csv"), List.of(golfer)));
        assertTrue(e.getMessage().endsWith("cannot write fact 'Tiger Woods': sport 'golf' is not one of"
                + " [football, baseball, basketball]"), e.getMessage());
    }

    @Test
    void emptyFile() throws IOException {
        assertEquals("s.csv: file is empty; expected a CSV header with athlete and sport columns", error(""));
        assertEquals("s.csv: file is empty; expected a CSV header with athlete and sport columns", error("\n\r\n"));
        assertEquals("s.csv: has a header but no athletes", error("athlete,sport\n"));
    }

    @Test
    void missingColumnNamesItAndTheHeader() throws IOException {
        assertEquals("s.csv: line 1: the header has no 'sport' column; it has [, athlete, sports]",
                error(",athlete,sports\n0,Boris Diaw,basketball\n"));
    }

    @Test
    void emptyAthlete() throws IOException {
        assertEquals("s.csv: line 3: the athlete is empty", error("athlete,sport\nBoris Diaw,basketball\n  ,football\n"));
    }

    @Test
    void unknownSport() throws IOException {
        assertEquals("s.csv: line 2: sport of 'Roger Federer' is 'tennis'; expected football, baseball, basketball",
                error("athlete,sport\nRoger Federer,tennis\n"));
        assertEquals("s.csv: line 2: inject_sport_without_golf of 'Boris Diaw' is 'basketball', the athlete's own sport",
                error("athlete,sport,inject_sport_without_golf\nBoris Diaw,basketball,basketball\n"));
    }

    @Test
    void duplicateAthleteNamesBothLines() throws IOException {
        assertEquals("s.csv: line 6: athlete 'Boris Diaw' already appears on line 2", error(
                "athlete,sport\nBoris Diaw,basketball\n\"Jae\nCrowder\",basketball\nMario Chalmers,basketball\n"
                        + " Boris Diaw ,basketball\n"));
    }

    @Test
    void unterminatedQuoteNamesWhereItOpened() throws IOException {
        assertEquals("s.csv: line 3: a quoted field starts here and is never closed (unterminated quote)",
                error("athlete,sport\nBoris Diaw,basketball\n\"Jae Crowder,basketball\nMario Chalmers,basketball\n"));
        assertEquals("s.csv: line 2: unexpected 'x' after a closing quote (a quote inside a quoted field must be"
                + " doubled: \"\")", error("athlete,sport\n\"Jae\"x,basketball\n"));
    }

    @Test
    void rowWithTooFewFields() throws IOException {
        assertEquals("s.csv: line 3 has 2 fields but the header has 3",
                error("athlete,sport,inject_sport_without_golf\nBoris Diaw,basketball,golf\nJae Crowder,basketball\n"));
    }

    @Test
    void invalidUtf8NamesByteOffsetAndLine() throws IOException {
        byte[] start = "athlete,sport\nBoris Diaw,basketball\nJ".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(start, start.length + 20);
        bytes[start.length] = (byte) 0xff;
        System.arraycopy("ae Crowder,basketball".getBytes(StandardCharsets.UTF_8), 0, bytes, start.length + 1, 19);
        Path file = SampleData.write(dir, "s.csv", bytes);
        LocusException e = assertThrows(LocusException.class, () -> SportsFactsCsv.read(file));
        assertEquals("s.csv: invalid UTF-8 at byte offset " + start.length + " (line 3); save the file as UTF-8",
                e.getMessage());
    }

    @Test
    void invalidUtf8FarIntoALargeFileIsFound() throws IOException {
        StringBuilder csv = new StringBuilder("athlete,sport\n");
        for (int i = 0; i < 20_000; i++) {
            csv.append("Athlete Number").append(i).append(",football\n");
        }
        byte[] good = csv.toString().getBytes(StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(good, good.length + 2);
        bytes[good.length] = (byte) 0xc3; // a lead byte cut off by the end of the file
        bytes[good.length + 1] = (byte) 'x';
        Path file = SampleData.write(dir, "s.csv", bytes);
        LocusException e = assertThrows(LocusException.class, () -> SportsFactsCsv.read(file));
        assertEquals("s.csv: invalid UTF-8 at byte offset " + good.length + " (line 20002); save the file as UTF-8",
                e.getMessage());
    }

    private String error(String csv) throws IOException {
        Path file = SampleData.write(dir, "s.csv", csv);
        return assertThrows(LocusException.class, () -> SportsFactsCsv.read(file)).getMessage();
    }
}
