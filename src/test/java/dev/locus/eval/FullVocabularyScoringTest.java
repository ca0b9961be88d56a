package dev.locus.eval;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import dev.locus.data.Fact;
import dev.locus.data.Formats;
import dev.locus.data.Prompt;
import dev.locus.data.PromptFormat;
import dev.locus.model.LocusModel;
import dev.locus.reference.TinyCheckpoint;
import dev.locus.reference.TinyCheckpoint.Arch;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CounterFact's Normal/Paraphrase/Neighborhood accuracy is the full-vocabulary softmax probability of the answer's
 * first token (src/docs/paper.md §5), checked against a softmax computed here from the model's logits.
 */
class FullVocabularyScoringTest {
    private static final int VOCAB = 50;

    @TempDir
    Path tmp;

    @Test
    void fullVocabularyScoresAreTheSoftmaxOverEveryTokenAndTheCandidateFormStaysAnOption() {
        TinyCheckpoint.builder(Arch.LLAMA).write(tmp);
        List<String> vocab = TinyCheckpoint.defaultVocab(Arch.LLAMA, VOCAB);
        TinyCheckpoint.writeWordLevelTokenizer(tmp, vocab);
        try (LocusModel model = LocusModel.load(tmp, Device.cpu())) {
            // Two CounterFact facts: true answer vocab[10], new target vocab[11]; prompt "{} vocab[6]".
            List<Fact> facts = List.of(fact("0", vocab.get(5), vocab), fact("1", vocab.get(7), vocab));
            PromptFormat full = Formats.counterFact().get(0);
            assertTrue(full.fullVocabulary(), "CounterFact's prompt format scores over the full vocabulary by default");
            FormatScorer scorer = new FormatScorer(model);
            FormatScore score = scorer.score(full, facts);
            double trueSum = 0;
            double newSum = 0;
            for (Fact f : facts) {
                double[] softmax = softmax(model, f.subject() + " " + vocab.get(6));
                trueSum += softmax[10];
                newSum += softmax[11];
                Prompt p = full.render(f).get(0);
                double[] scored = scorer.vocabularyProbabilities(List.of(p))[0];
                assertEquals(softmax[10], scored[0], 1e-5, "P(true first token) of fact " + f.id());
                assertEquals(softmax[11], scored[1], 1e-5, "P(new first token) of fact " + f.id());
                assertTrue(scored[0] + scored[1] < 0.999, "not renormalized over the two answers");
            }
            assertEquals(trueSum / 2, score.accuracy(), 1e-5, "accuracy's probability = mean P(true)");
            assertEquals(newSum / 2, score.editAccuracy(), 1e-5, "edit accuracy's probability = mean P(new)");

            FormatScore two = scorer.score(Formats.counterFact(false).get(0), facts);
            double[] s0 = softmax(model, facts.get(0).subject() + " " + vocab.get(6));
            double[] s1 = softmax(model, facts.get(1).subject() + " " + vocab.get(6));
            assertEquals((s0[10] / (s0[10] + s0[11]) + s1[10] / (s1[10] + s1[11])) / 2, two.accuracy(), 1e-5,
                    "the two-candidate option renormalizes over true and new target");
        }
    }

    private static Fact fact(String id, String subject, List<String> vocab) {
        return new Fact(id, subject, "r", vocab.get(10), List.of(vocab.get(10), vocab.get(11)), vocab.get(11),
                Map.of("prompt", List.of("{} " + vocab.get(6))), Map.of());
    }

    private static double[] softmax(LocusModel model, String prompt) {
        int[] ids = model.requireTokenizer().encode(prompt);
        float[] logits = model.logits(ids);
        int last = (ids.length - 1) * VOCAB;
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < VOCAB; v++) {
            max = Math.max(max, logits[last + v]);
        }
        double z = 0;
        double[] p = new double[VOCAB];
        for (int v = 0; v < VOCAB; v++) {
            p[v] = Math.exp(logits[last + v] - max);
            z += p[v];
        }
        for (int v = 0; v < VOCAB; v++) {
            p[v] /= z;
        }
        return p;
    }
}
