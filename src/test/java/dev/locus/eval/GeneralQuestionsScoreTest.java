package dev.locus.eval;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import dev.locus.data.Prompt;
import dev.locus.data.Question;
import dev.locus.data.files.QuestionsCsv;
import dev.locus.model.Bundled;
import dev.locus.model.LocusModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The general questions (the paper's in-loop MMLU) are scored as the facts: continuous accuracy over A-D. */
class GeneralQuestionsScoreTest {
    @Test
    void questionAccuracyIsTheRightLettersMeanProbabilityOverTheFourLetters() {
        try (LocusModel model = LocusModel.load(Bundled.sportsWorld(), Device.cpu())) {
            List<Question> questions = QuestionsCsv.read(Bundled.sportsWorld().resolve("general-questions.csv"));
            FormatScore score = GeneralCapability.questions(model, questions);
            List<Prompt> prompts = new ArrayList<>();
            for (Question q : questions) {
                prompts.add(new Prompt("q", "general_mcq", q.prompt(), List.of(" A", " B", " C", " D"), q.answer(), -1));
            }
            double[][] p = new FormatScorer(model).candidateProbabilities(prompts);
            double mean = 0;
            int first = 0;
            for (int i = 0; i < p.length; i++) {
                int answer = questions.get(i).answer();
                mean += p[i][answer];
                boolean top = true;
                for (double other : p[i]) {
                    top &= other <= p[i][answer];
                }
                first += top ? 1 : 0;
            }
            assertEquals(mean / p.length, score.accuracy(), 1e-9);
            assertEquals((double) first / p.length, score.argmaxAccuracy(), 1e-9);
        }
    }
}
