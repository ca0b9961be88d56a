package dev.locus.eval;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import dev.locus.data.Dataset;
import dev.locus.data.Fact;
import dev.locus.data.Prompt;
import dev.locus.data.files.DatasetFiles;
import dev.locus.model.Bundled;
import dev.locus.model.LocusModel;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The paper's system-prompt formats on the bundled word-level model: the system prompt's words are not in its
 * vocabulary and become {@code <unk>} (scored as they are, never an error), and the facts still score.
 */
class SystemPromptFormatsTest {
    @Test
    void unknownSystemPromptWordsAreUnkTokensAndTheFormatsScore() {
        Dataset data = DatasetFiles.load("demo", null, null);
        List<Fact> facts = data.facts().subList(0, 24);
        try (LocusModel model = LocusModel.load(Bundled.sportsWorld(), Device.cpu())) {
            Prompt qa = data.format("qa-system").render(facts.get(0)).get(0);
            String[] tokens = model.requireTokenizer().tokens(qa.text());
            // "You are a helpful chatbot ... factually correct.": all but "a" are outside the vocabulary.
            assertEquals(16, Arrays.stream(tokens).filter("<unk>"::equals).count(), Arrays.toString(tokens));
            FormatScorer scorer = new FormatScorer(model);
            FormatScore withSystem = scorer.score(data.format("qa-system"), facts);
            FormatScore without = scorer.score(data.format("qa"), facts);
            assertTrue(withSystem.accuracy() > 0 && withSystem.accuracy() < 1, "scored: " + withSystem);
            assertTrue(without.accuracy() > 0.9, "the plain question form is known: " + without);
            FormatScore mcq = scorer.score(data.format("mcq-system"), facts);
            assertEquals(24, mcq.prompts());
            assertTrue(mcq.accuracy() > 0 && mcq.accuracy() < 1, "scored: " + mcq);
        }
    }
}
