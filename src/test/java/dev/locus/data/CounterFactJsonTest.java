package dev.locus.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.core.LocusException;
import dev.locus.data.files.CounterFactJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ROME example record (Danielle Darrieux, French -> English) in every CounterFact format, and broken files. */
class CounterFactJsonTest {
    private static final List<String> ANSWERS = List.of(" French", " English");

    @TempDir
    Path dir;

    private Dataset read() throws IOException {
        return CounterFactJson.read(SampleData.write(dir, "counterfact.json", SampleData.COUNTERFACT_JSON),
                SampleData.write(dir, "questions.json", SampleData.MCQ_JSON));
    }

    @Test
    void recordBecomesAFact() throws IOException {
        Dataset data = read();
        assertEquals("counterfact", data.name());
        Fact fact = data.facts().get(0);
        assertEquals("0", fact.id());
        assertEquals("Danielle Darrieux", fact.subject());
        assertEquals("P103", fact.relation());
        assertEquals("French", fact.attribute());
        assertEquals(List.of("French", "English"), fact.candidates());
        assertEquals("English", fact.editTarget());
        assertEquals("2796", fact.extras().get("pararel_idx"));
        assertEquals(List.of("prompt", "paraphrase", "neighborhood", "mcq"),
                data.formats().stream().map(PromptFormat::name).toList());
    }

    @Test
    void promptFormatFillsTheSubject() throws IOException {
        Prompt p = SportsPromptsTest.single(read().format("prompt"), read().facts().get(0));
        assertEquals("The mother tongue of Danielle Darrieux is", p.text());
        assertEquals(ANSWERS, p.answers());
        assertEquals(0, p.correct());
        assertEquals(1, p.edit());
    }

    @Test
    void paraphrasesAreAskedWithTheSameAnswersAndEdit() throws IOException {
        List<Prompt> prompts = read().format("paraphrase").render(read().facts().get(0));
        assertEquals(List.of("Shayna does this and Yossel goes still and dies. Danielle Darrieux, a native",
                "An album was recorded for Capitol Nashville but never released. Danielle Darrieux spoke the language"),
                prompts.stream().map(Prompt::text).toList());
        for (Prompt p : prompts) {
            assertEquals(ANSWERS, p.answers());
            assertEquals(0, p.correct());
            assertEquals(1, p.edit());
        }
    }

    @Test
    void neighborhoodPromptsKeepTheTrueAnswerAndHaveNoEdit() throws IOException {
        List<Prompt> prompts = read().format("neighborhood").render(read().facts().get(0));
        assertEquals(List.of("The mother tongue of Léon Blum is", "The native language of Montesquieu is",
                "François Bayrou, a native"), prompts.stream().map(Prompt::text).toList());
        for (Prompt p : prompts) {
            assertEquals("0", p.factId());
            assertEquals(ANSWERS, p.answers());
            assertEquals(0, p.correct());
            assertEquals(-1, p.edit());
            assertNull(p.editAnswer());
        }
    }

    @Test
    void multipleChoiceUsesThePapersTemplateWithShuffledOptions() throws IOException {
        Dataset data = read();
        Prompt p = SportsPromptsTest.single(data.format("mcq"), data.facts().get(0));
        String head = "Help me answer the following multiple choice question:\n\n"
                + "What is the mother tongue of Danielle Darrieux?\n\n";
        String tail = "\n\nPlease respond with the letter of the correct answer, A, B, C, or D. Answer:";
        assertTrue(p.text().startsWith(head) && p.text().endsWith(tail), p.text());
        String[] lines = p.text().substring(head.length(), p.text().length() - tail.length()).split("\n");
        assertEquals(4, lines.length);
        List<String> letters = List.of("A", "B", "C", "D");
        for (int i = 0; i < 4; i++) {
            assertTrue(lines[i].startsWith(letters.get(i) + ". "), lines[i]);
        }
        assertEquals(List.of(" A", " B", " C", " D"), p.answers());
        assertEquals(letters.get(p.correct()) + ". French", lines[p.correct()]);
        assertEquals(letters.get(p.edit()) + ". English", lines[p.edit()]);
        assertEquals(List.of("English", "French", "Italian", "Spanish"),
                List.of(lines).stream().map(l -> l.substring(3)).sorted().toList());
        assertEquals(p, SportsPromptsTest.single(data.format("mcq"), data.facts().get(0)), "deterministic");
        assertEquals(List.of(), data.format("mcq").render(data.facts().get(1)), "no question, no prompt");
    }

    @Test
    void targetsAlreadyStartingWithASpaceAreNotGivenASecond() throws IOException {
        Prompt p = SportsPromptsTest.single(read().format("prompt"), read().facts().get(1));
        assertEquals("Edwin of Northumbria plays the position of", p.text());
        assertEquals(List.of(" midfielder", " goaltender"), p.answers());
    }

    @Test
    void withoutQuestionsThereIsNoMcqFormat() throws IOException {
        Dataset data = CounterFactJson.read(SampleData.write(dir, "cf.json", SampleData.COUNTERFACT_JSON));
        LocusException e = assertThrows(LocusException.class, () -> data.format("mcq"));
        assertEquals("dataset 'cf' has no prompt format 'mcq'; available: prompt, paraphrase, neighborhood",
                e.getMessage());
    }

    @Test
    void missingFieldIsNamedByItsPath() throws IOException {
        String json = SampleData.COUNTERFACT_JSON.replace("\"target_true\": {\"str\": \" midfielder\"}",
                "\"target_true\": {\"id\": \"Q1\"}");
        assertEquals("cf.json: records[1].requested_rewrite.target_true.str: is missing", error(json));
    }

    @Test
    void promptWithoutSubjectSlot() throws IOException {
        String json = SampleData.COUNTERFACT_JSON.replace("The mother tongue of {} is", "The mother tongue is");
        assertEquals("cf.json: records[0].requested_rewrite.prompt: must hold {} where the subject goes, got"
                + " \"The mother tongue is\"", error(json));
    }

    @Test
    void emptySubject() throws IOException {
        String json = SampleData.COUNTERFACT_JSON.replace("\"Edwin of Northumbria\"", "\"  \"");
        assertEquals("cf.json: records[1].requested_rewrite.subject: must not be empty", error(json));
    }

    @Test
    void duplicateCaseId() throws IOException {
        String json = SampleData.COUNTERFACT_JSON.replace("\"case_id\": 1,", "\"case_id\": 0,");
        assertEquals("cf.json: records[1].case_id: 0 is already the case_id of records[0]", error(json));
    }

    @Test
    void notJsonNamesLineAndColumn() throws IOException {
        String message = error("[\n {\"case_id\": 0,,}\n]");
        assertTrue(message.startsWith("cf.json: not valid JSON at line 2, column 16: "), message);
    }

    @Test
    void unclosedAndDeeplyNestedJson() throws IOException {
        assertEquals("cf.json: not valid JSON at line 1, column 15: Unexpected close marker ']': expected '}'",
                error("[{\"case_id\": 0]"));
        String message = error("[" + "[".repeat(100_000));
        assertEquals("cf.json: not valid JSON: Document nesting depth (1001) exceeds the maximum allowed (1000)",
                message);
    }

    @Test
    void notAnArray() throws IOException {
        assertEquals("cf.json: expected a JSON array of CounterFact records, got an object at line 1",
                error("{\"case_id\": 0}"));
        assertEquals("cf.json: file is empty; expected a JSON array of CounterFact records", error(""));
        assertEquals("cf.json: records[0]: expected an object, got 3", error("[3]"));
    }

    @Test
    void wrongTypeIsNamed() throws IOException {
        String json = SampleData.COUNTERFACT_JSON.replace("\"paraphrase_prompts\": [\"Edwin of Northumbria, who plays\"]",
                "\"paraphrase_prompts\": [\"ok\", 5]");
        assertEquals("cf.json: records[1].paraphrase_prompts[1]: expected a string, got 5", error(json));
    }

    @Test
    void invalidUtf8NamesByteOffsetAndLine() throws IOException {
        byte[] bytes = "[\n{\"case_id\": 0,\n \"x\": \"\u00e9\"}]".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int at = bytes.length - 4; // the second byte of é
        bytes[at] = (byte) 0x41;
        LocusException e = assertThrows(LocusException.class,
                () -> CounterFactJson.read(SampleData.write(dir, "cf.json", bytes)));
        assertEquals("cf.json: invalid UTF-8 at byte offset " + (at - 1) + " (line 3); save the file as UTF-8",
                e.getMessage());
    }

    @Test
    void questionFileErrors() throws IOException {
        Path facts = SampleData.write(dir, "cf.json", SampleData.COUNTERFACT_JSON);
        Path q = SampleData.write(dir, "q.json", "[{\"case_id\": 0, \"question\": \"Q?\", \"target_true\": \"French\","
                + " \"targets_false\": [\"English\", \"Spanish\"]}]");
        LocusException e = assertThrows(LocusException.class, () -> CounterFactJson.read(facts, q));
        assertEquals("q.json: questions[0].targets_false: must hold exactly 3 answers, got 2", e.getMessage());
        Path noId = SampleData.write(dir, "q2.json", "[{\"question\": \"Q?\"}]");
        e = assertThrows(LocusException.class, () -> CounterFactJson.read(facts, noId));
        assertEquals("q2.json: questions[0]: has neither case_id nor prompt_id", e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        LocusException e = assertThrows(LocusException.class, () -> CounterFactJson.read(dir.resolve("nope.json")));
        assertTrue(e.getMessage().endsWith("nope.json: cannot read: no such file"), e.getMessage());
    }

    private String error(String json) throws IOException {
        Path file = SampleData.write(dir, "cf.json", json);
        return assertThrows(LocusException.class, () -> CounterFactJson.read(file)).getMessage();
    }
}
