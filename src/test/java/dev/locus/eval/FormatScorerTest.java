package dev.locus.eval;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import dev.locus.core.LocusException;
import dev.locus.data.Fact;
import dev.locus.data.Prompt;
import dev.locus.data.PromptFormat;
import dev.locus.model.LocusModel;
import dev.locus.reference.TinyCheckpoint.Arch;
import dev.locus.reference.TinyCheckpoint;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FormatScorerTest {
    @TempDir
    static Path tmp;
    static List<String> vocab;

    @BeforeAll
    static void writeModel() {
        TinyCheckpoint.builder(Arch.LLAMA).write(tmp);
        vocab = TinyCheckpoint.defaultVocab(Arch.LLAMA, 50);
        TinyCheckpoint.writeWordLevelTokenizer(tmp, vocab);
    }

    @Test
    void probabilitiesAreTheSoftmaxOfTheCandidatesNextTokenLogits() {
        try (LocusModel model = LocusModel.load(tmp, Device.cpu())) {
            String prompt = vocab.get(5) + " " + vocab.get(6) + " " + vocab.get(7);
            List<String> answers = List.of(" " + vocab.get(10), " " + vocab.get(11), " " + vocab.get(12));
            Prompt p = new Prompt("f", "standard", prompt, answers, 1, 2);
            double[] probs = new FormatScorer(model).candidateProbabilities(List.of(p))[0];
            int[] ids = model.requireTokenizer().encode(prompt);
            float[] logits = model.logits(ids);
            int last = (ids.length - 1) * 50;
            double z = 0;
            double[] e = new double[3];
            for (int c = 0; c < 3; c++) {
                e[c] = Math.exp(logits[last + 10 + c]);
                z += e[c];
            }
            for (int c = 0; c < 3; c++) {
                assertEquals(e[c] / z, probs[c], 1e-5, "candidate " + c);
            }
        }
    }

    @Test
    void accuracyIsTheMeanRenormalizedProbabilityAndArgmaxAccuracyTheShareRankedFirst() {
        try (LocusModel model = LocusModel.load(tmp, Device.cpu())) {
            List<String> candidates = List.of(vocab.get(10), vocab.get(11), vocab.get(12));
            PromptFormat format = PromptFormat.completion("standard", "{subject} " + vocab.get(6));
            List<Fact> facts = List.of(Fact.of("a", vocab.get(5), "r", vocab.get(10), candidates, vocab.get(12)),
                    Fact.of("b", vocab.get(7), "r", vocab.get(11), candidates, vocab.get(10)));
            FormatScorer scorer = new FormatScorer(model);
            FormatScore score = scorer.score(format, facts);
            assertEquals(2, score.prompts());
            double[][] p = scorer.candidateProbabilities(List.of(format.render(facts.get(0)).get(0), format.render(facts.get(1)).get(0)));
            // The paper's accuracy (src/docs/paper.md §5): continuous, the true answer's renormalized probability.
            assertEquals((p[0][0] + p[1][1]) / 2, score.accuracy(), 1e-12);
            assertEquals((p[0][2] + p[1][0]) / 2, score.editAccuracy(), 1e-12);
            // The share ranked first stays beside it, under its own name.
            assertEquals(((argmax(p[0]) == 0 ? 1 : 0) + (argmax(p[1]) == 1 ? 1 : 0)) / 2.0, score.argmaxAccuracy(), 0);
            assertEquals(((argmax(p[0]) == 2 ? 1 : 0) + (argmax(p[1]) == 0 ? 1 : 0)) / 2.0, score.editArgmaxAccuracy(), 0);
            assertNotEquals(score.argmaxAccuracy(), score.accuracy(), "an untrained model is not sure of anything");
        }
    }

    @Test
    void candidatesSharingAFirstTokenAreAClearError() {
        try (LocusModel model = LocusModel.load(tmp, Device.cpu())) {
            Prompt p = new Prompt("f", "x", vocab.get(5), List.of(" " + vocab.get(10), " " + vocab.get(10) + " " + vocab.get(11)), 0, -1);
            LocusException e = assertThrows(LocusException.class, () -> new FormatScorer(model).candidateProbabilities(List.of(p)));
            assertTrue(e.getMessage().contains("begin with the same token"), e.getMessage());
        }
    }

    @Test
    void textLossIsTheMeanNextTokenCrossEntropy() {
        try (LocusModel model = LocusModel.load(tmp, Device.cpu())) {
            int[] ids = model.requireTokenizer().encode(vocab.get(5) + " " + vocab.get(6) + " " + vocab.get(7));
            float[] logits = model.logits(ids);
            double expected = 0;
            for (int i = 0; i + 1 < ids.length; i++) {
                double z = 0;
                for (int v = 0; v < 50; v++) {
                    z += Math.exp(logits[i * 50 + v]);
                }
                expected -= logits[i * 50 + ids[i + 1]] - Math.log(z);
            }
            expected /= ids.length - 1;
            double loss = GeneralCapability.textLoss(model, List.of(vocab.get(5) + " " + vocab.get(6) + " " + vocab.get(7)));
            assertEquals(expected, loss, 1e-4);
        }
    }

    private static int argmax(double[] v) {
        int b = 0;
        for (int i = 1; i < v.length; i++) {
            b = v[i] > v[b] ? i : b;
        }
        return b;
    }
}
