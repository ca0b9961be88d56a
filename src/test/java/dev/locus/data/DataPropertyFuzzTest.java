package dev.locus.data;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.locus.core.LocusException;
import dev.locus.data.files.CounterFactJson;
import dev.locus.data.files.SportsFactsCsv;
import dev.locus.fuzz.Damage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Damaged datasets, generated (jqwik; the nightly size with {@code -Djqwik.tries.default}): a Sports Facts CSV, a
 * CounterFact JSON and its questions read (and split, and render every format) or fail with one clear line.
 */
class DataPropertyFuzzTest {
    private static Path dir;
    private static Path questions;
    private static Path facts;

    @BeforeContainer
    static void seed() throws IOException {
        dir = Files.createTempDirectory("locus-data-fuzz");
        questions = SampleData.write(dir, "q.json", SampleData.MCQ_JSON);
        facts = SampleData.write(dir, "cf.json", SampleData.COUNTERFACT_JSON);
    }

    @Provide
    Arbitrary<String> csvs() {
        return Damage.text(SampleData.SPORTS_CSV);
    }

    @Provide
    Arbitrary<String> counterFacts() {
        return Damage.text(SampleData.COUNTERFACT_JSON);
    }

    @Provide
    Arbitrary<String> questionFiles() {
        return Damage.text(SampleData.MCQ_JSON);
    }

    @Property
    void aDamagedSportsCsvReadsOrSaysWhy(@ForAll("csvs") String text) throws IOException {
        Path f = write("s.csv", text);
        ours(() -> use(SportsFactsCsv.read(f)));
    }

    @Property
    void aDamagedCounterFactFileReadsOrSaysWhy(@ForAll("counterFacts") String text) throws IOException {
        Path f = write("cf.json", text);
        ours(() -> use(CounterFactJson.read(f, questions)));
    }

    @Property
    void aDamagedQuestionsFileReadsOrSaysWhy(@ForAll("questionFiles") String text) throws IOException {
        Path f = write("q.json", text);
        ours(() -> use(CounterFactJson.read(facts, f)));
    }

    /** What a run does with a dataset right after reading it: split it and render every prompt of every format. */
    private static void use(Dataset d) {
        Split.of(d, ForgetSpec.parse("first:2"));
        for (PromptFormat f : d.formats()) {
            for (Fact fact : d.facts()) {
                f.render(fact);
            }
        }
    }

    private static Path write(String name, String text) throws IOException {
        Path f = Files.createTempDirectory(dir, "d").resolve(name);
        Files.write(f, text.getBytes(StandardCharsets.UTF_8));
        return f;
    }

    private static void ours(Runnable read) {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try {
                read.run();
            } catch (LocusException e) {
                if (e.getMessage() == null || e.getMessage().isBlank() || e.getMessage().contains("\n")) {
                    throw new AssertionError("not one clear line: " + e.getMessage(), e);
                }
            }
        });
    }
}
