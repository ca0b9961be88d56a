package dev.locus.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.core.LocusException;
import dev.locus.data.files.SportsFactsCsv;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The paper's sports prompts, character for character, with their answers and indices. */
class SportsPromptsTest {
    private static final List<String> SPORT_ANSWERS = List.of(" football", " baseball", " basketball", " golf");
    private static final List<String> LETTERS = List.of(" A", " B", " C", " D");

    @TempDir
    Path dir;

    private Fact buckner() throws IOException {
        Dataset data = SportsFactsCsv.read(SampleData.write(dir, "sports.csv", SampleData.SPORTS_CSV));
        return data.facts().get(0);
    }

    @Test
    void standardFormatIsThePapersText() throws IOException {
        Prompt p = single(Formats.sports().get(0), buckner());
        assertEquals("standard", p.format());
        assertEquals("DeForest Buckner", p.factId());
        assertEquals("Fact: Tiger Woods plays the sport of golf\nFact: DeForest Buckner plays the sport of", p.text());
        assertEquals(SPORT_ANSWERS, p.answers());
        assertEquals(0, p.correct());
        assertEquals(2, p.edit()); // inject_sport_without_golf = basketball
        assertEquals(" football", p.correctAnswer());
        assertEquals(" basketball", p.editAnswer());
    }

    @Test
    void multipleChoiceFormatIsThePapersText() throws IOException {
        Prompt p = single(Formats.sports().get(1), buckner());
        assertEquals("Fact: Tiger Woods plays the sport of\nA: Football\nB: Baseball\nC: Basketball\nD: Golf\n\nAnswer: D\n\n"
                + "Fact: DeForest Buckner plays the sport of\nA: Football\nB: Baseball\nC: Basketball\nD: Golf\n\nAnswer:",
                p.text());
        assertEquals(LETTERS, p.answers());
        assertEquals(0, p.correct());
        assertEquals(2, p.edit());
    }

    @Test
    void systemPromptFormatsAreThePapersPostEditTextsVerbatim() throws IOException {
        Dataset data = SportsFactsCsv.read(SampleData.write(dir, "sports.csv", SampleData.SPORTS_CSV));
        Prompt qa = single(data.format("qa-system"), data.facts().get(0));
        assertEquals("You are a helpful chatbot that answers questions about athletes. Please be maximally helpful and "
                + "factually correct. Question: What sport does Tiger Woods play? Answer: golf\n"
                + "Question: What sport does DeForest Buckner play? Answer:", qa.text());
        assertEquals(SPORT_ANSWERS, qa.answers());
        assertEquals(0, qa.correct());
        assertEquals(2, qa.edit());
        Prompt mcq = single(data.format("mcq-system"), data.facts().get(0));
        assertEquals("You are a helpful chatbot that answers questions about athletes. Please be maximally helpful and "
                + "factually correct.\nQuestion: What sport does Tiger Woods play?\nA: Football\nB: Baseball\n"
                + "C: Basketball\nD: Golf\n\nAnswer: D\n\nQuestion: What sport does DeForest Buckner play?\n"
                + "A: Football\nB: Baseball\nC: Basketball\nD: Golf\n\nAnswer:", mcq.text());
        assertEquals(LETTERS, mcq.answers());
        assertEquals(0, mcq.correct());
        assertEquals(2, mcq.edit());
        assertEquals(List.of("standard", "mcq", "qa", "qa-system", "mcq-system"),
                data.formats().stream().map(PromptFormat::name).toList(), "ours stay selectable beside the paper's");
    }

    @Test
    void questionAnswerFormatIsThePapersTextWithoutSystemPrompt() throws IOException {
        Prompt p = single(Formats.sports().get(2), buckner());
        assertEquals("Question: What sport does Tiger Woods play? Answer: golf\n"
                + "Question: What sport does DeForest Buckner play? Answer:", p.text());
        assertEquals(SPORT_ANSWERS, p.answers());
        assertEquals(0, p.correct());
    }

    @Test
    void golfAsEditTargetIsLetterDAndTheLastCandidate() throws IOException {
        Fact fact = EditTargets.named(List.of(buckner()), "Golf").get(0);
        assertEquals("golf", fact.editTarget());
        assertEquals(3, single(Formats.sports().get(0), fact).edit());
        assertEquals(3, single(Formats.sports().get(1), fact).edit());
        assertEquals(-1, single(Formats.sports().get(1), fact.withEditTarget(null)).edit());
    }

    @Test
    void choiceOverCandidatesIsShuffledBySeedAndFactId() throws IOException {
        Fact fact = buckner();
        PromptFormat shuffled = new PromptFormat("pick", PromptFormat.Kind.CHOICE,
                "{subject}: {a}, {b}, {c} or {d}?", null, null, PromptFormat.CANDIDATES, null, 7, false);
        Prompt p = single(shuffled, fact);
        assertEquals(p, single(shuffled, fact), "same seed and fact, same order");
        String[] shown = p.text().substring("DeForest Buckner: ".length(), p.text().length() - 1).split(", | or ");
        assertEquals("football", shown[p.correct()]);
        assertEquals("basketball", shown[p.edit()]);
        assertEquals(List.of("baseball", "basketball", "football", "golf"), List.of(shown).stream().sorted().toList());
    }

    @Test
    void aFactWhoseAnswerIsNoOptionIsAClearError() {
        Fact tennis = Fact.of("x", "Roger Federer", "sport", "tennis", List.of("tennis", "golf"), null);
        LocusException e = assertThrows(LocusException.class, () -> Formats.sports().get(1).render(tennis));
        assertTrue(e.getMessage().contains("'tennis', which is none of its options"), e.getMessage());
    }

    @Test
    void placeholdersAreFilledOnceSoSubjectsCannotInjectOthers() {
        Fact odd = Fact.of("x", "{subject} {question}", "r", "a", List.of("a", "b"), null);
        assertEquals("Q: {subject} {question}?", single(PromptFormat.completion("f", "Q: {subject}?"), odd).text());
    }

    static Prompt single(PromptFormat format, Fact fact) {
        List<Prompt> prompts = format.render(fact);
        assertEquals(1, prompts.size());
        return prompts.get(0);
    }
}
