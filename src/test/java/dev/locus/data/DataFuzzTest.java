package dev.locus.data;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.locus.core.LocusException;
import dev.locus.data.files.CounterFactJson;
import dev.locus.data.files.FormatFiles;
import dev.locus.data.files.SportsFactsCsv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged CSV and JSON files, a few hundred deterministic variants each: reading (and rendering every format,
 * and splitting) either works or fails with a LocusException; never another exception.
 */
class DataFuzzTest {
    private static final long SEED = 20241016L;
    private static final byte[] SPECIAL = ",\"\n\r{}[]:\\ 0-é\u00ff".getBytes(StandardCharsets.ISO_8859_1);

    @TempDir
    Path dir;

    @Test
    void damagedCsvFailsOnlyWithLocusException() throws IOException {
        int failures = fuzz("s.csv", SampleData.SPORTS_CSV, SportsFactsCsv::read, 300);
        assertTrue(failures > 30 && failures < 300, "some variants fail, some read: " + failures);
    }

    @Test
    void damagedJsonFailsOnlyWithLocusException() throws IOException {
        Path questions = SampleData.write(dir, "q.json", SampleData.MCQ_JSON);
        int failures = fuzz("cf.json", SampleData.COUNTERFACT_JSON, f -> CounterFactJson.read(f, questions), 300);
        assertTrue(failures > 30, "some variants fail: " + failures);
    }

    @Test
    void damagedQuestionFilesFailOnlyWithLocusException() throws IOException {
        Path facts = SampleData.write(dir, "cf.json", SampleData.COUNTERFACT_JSON);
        fuzz("q.json", SampleData.MCQ_JSON, q -> CounterFactJson.read(facts, q), 150);
    }

    @Test
    void damagedFormatFilesFailOnlyWithLocusException() throws IOException {
        Path file = dir.resolve("formats.json");
        FormatFiles.write(file, Formats.counterFactWithMcq());
        String valid = java.nio.file.Files.readString(file);
        Dataset data = CounterFactJson.read(SampleData.write(dir, "cf.json", SampleData.COUNTERFACT_JSON),
                SampleData.write(dir, "q.json", SampleData.MCQ_JSON));
        fuzz("f.json", valid, f -> data.withFormats(FormatFiles.read(f)), 150);
    }

    /** Reads variants of valid; returns how many failed (with a LocusException). */
    private int fuzz(String name, String valid, Function<Path, Dataset> read, int variants) throws IOException {
        byte[] good = valid.getBytes(StandardCharsets.UTF_8);
        Random random = new Random(SEED + name.hashCode());
        int failures = 0;
        for (int i = 0; i < variants; i++) {
            byte[] bytes = mutate(good, random, i % 5);
            Path file = SampleData.write(dir, name, bytes);
            try {
                use(read.apply(file));
            } catch (LocusException e) {
                failures++;
                if (e.getMessage() == null || e.getMessage().isBlank() || e.getMessage().contains("\n")) {
                    fail("variant " + i + ": message must be one non-empty line: " + e.getMessage());
                }
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError("variant " + i + " (" + new String(bytes, StandardCharsets.UTF_8) + ")", e);
            }
        }
        return failures;
    }

    /** What callers do with a dataset: render every format of every fact, split it. */
    private static void use(Dataset data) {
        for (PromptFormat format : data.formats()) {
            for (Fact fact : data.facts()) {
                format.render(fact);
            }
        }
        Split.of(data, ForgetSpec.first(1));
    }

    private static byte[] mutate(byte[] good, Random random, int kind) {
        byte[] bytes = good.clone();
        int p = random.nextInt(bytes.length);
        switch (kind) {
            case 0 -> bytes[p] = (byte) random.nextInt(256);
            case 1 -> bytes[p] = SPECIAL[random.nextInt(SPECIAL.length)];
            case 2 -> bytes = Arrays.copyOf(bytes, p);
            case 3 -> { // a slice deleted
                int n = 1 + random.nextInt(Math.min(40, bytes.length - p));
                byte[] cut = new byte[bytes.length - n];
                System.arraycopy(bytes, 0, cut, 0, p);
                System.arraycopy(bytes, p + n, cut, p, bytes.length - p - n);
                bytes = cut;
            }
            default -> { // a slice repeated (duplicate rows, keys, records)
                int n = 1 + random.nextInt(Math.min(80, bytes.length - p));
                byte[] grown = new byte[bytes.length + n];
                System.arraycopy(bytes, 0, grown, 0, p + n);
                System.arraycopy(bytes, p, grown, p + n, bytes.length - p);
                bytes = grown;
            }
        }
        return bytes;
    }
}
