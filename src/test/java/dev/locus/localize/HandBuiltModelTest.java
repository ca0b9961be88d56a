package dev.locus.localize;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.locus.data.Dataset;
import dev.locus.data.Prompt;
import dev.locus.data.PromptFormat;
import dev.locus.data.files.FormatFiles;
import dev.locus.data.files.SportsFactsCsv;
import dev.locus.eval.FormatScorer;
import dev.locus.model.LocusModel;
import dev.locus.model.TextTokenizer;
import dev.locus.model.TokenBatch;
import dev.locus.model.hooks.HookPoints;
import dev.locus.model.hooks.Hooks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hand-built model recalls every sport, and only zeroing layer 1's MLP takes that away. */
class HandBuiltModelTest {
    @TempDir
    static Path tmp;
    static HandBuiltModel built;
    static LocusModel model;
    static Dataset data;
    static PromptFormat format;

    @BeforeAll
    static void load() {
        built = HandBuiltModel.write(tmp, 7);
        model = LocusModel.load(built.modelDir(), Device.cpu());
        data = SportsFactsCsv.read(built.dataCsv()).withFormats(FormatFiles.read(built.formatFile()));
        format = data.format("standard");
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void describesItsData() {
        assertEquals(1, built.answerLayer());
        assertEquals(48, built.subjects().size());
        assertEquals(48, data.facts().size());
        for (String sport : SportsFactsCsv.SPORTS) {
            assertEquals(16, built.sports().values().stream().filter(sport::equals).count(), sport);
        }
        data.facts().forEach(f -> assertEquals(built.sports().get(f.subject()), f.attribute()));
        Prompt p = format.render(data.facts().get(0)).get(0);
        String[] tokens = model.requireTokenizer().tokens(p.text());
        assertArrayEquals(new String[] {"<bos>", "athlete", data.facts().get(0).subject()}, tokens);
    }

    @Test
    void theCleanModelKnowsEverySport() {
        double accuracy = new FormatScorer(model).score(format, data.facts()).argmaxAccuracy();
        assertTrue(accuracy >= 0.99, "accuracy " + accuracy);
        Result r = run(null);
        assertEquals(accuracy, r.accuracy, 1e-9, "the test's own scoring agrees with FormatScorer");
        assertTrue(r.logitDiff > 3, "mean logit difference " + r.logitDiff);
    }

    @Test
    void onlyLayerOnesMlpCarriesTheAnswer() {
        int layers = model.config().nLayers();
        for (int l = 0; l < layers; l++) {
            Result mlp = run(HookPoints.mlpOut(l));
            Result attn = run(HookPoints.attnOut(l));
            if (l == built.answerLayer()) {
                assertTrue(mlp.accuracy <= 0.5, "zeroing " + HookPoints.mlpOut(l) + ": " + mlp);
                assertTrue(mlp.logitDiff < 1, "zeroing " + HookPoints.mlpOut(l) + ": " + mlp);
            } else {
                assertTrue(mlp.accuracy >= 0.95, "zeroing " + HookPoints.mlpOut(l) + ": " + mlp);
            }
            assertTrue(attn.accuracy >= 0.95, "zeroing " + HookPoints.attnOut(l) + ": " + attn);
        }
    }

    /** Accuracy over the four candidates and mean logit difference (true sport minus the other two sports). */
    record Result(double accuracy, double logitDiff) {
    }

    /** Scores every fact's prompt with the hook point {@code zeroed} (none when null) set to zero. */
    private static Result run(String zeroed) {
        TextTokenizer tok = model.requireTokenizer();
        List<Prompt> prompts = new ArrayList<>();
        data.facts().forEach(f -> prompts.addAll(format.render(f)));
        List<int[]> seqs = prompts.stream().map(p -> tok.encode(p.text())).toList();
        int[] ids = SportsFactsCsv.CANDIDATES.stream().mapToInt(c -> tok.encodeContinuation(" " + c)[0]).toArray();
        Hooks hooks = zeroed == null ? Hooks.none() : new Hooks().add(zeroed, (name, a) -> a.zerosLike());
        int vocab = model.config().vocabSize();
        try (NDManager scope = NDManager.newBaseManager(model.device())) {
            float[] logits = model.transformer().forwardLast(scope, TokenBatch.of(seqs, TokenBatch.Padding.LEFT, 0),
                    hooks).toFloatArray();
            int right = 0;
            double diff = 0;
            for (int b = 0; b < prompts.size(); b++) {
                int correct = prompts.get(b).correct();
                int best = 0;
                double others = 0;
                for (int c = 0; c < ids.length; c++) {
                    float x = logits[b * vocab + ids[c]];
                    best = x > logits[b * vocab + ids[best]] ? c : best;
                    others += c != correct && c < SportsFactsCsv.SPORTS.size() ? x / 2 : 0;
                }
                right += best == correct ? 1 : 0;
                diff += logits[b * vocab + ids[correct]] - others;
            }
            return new Result((double) right / prompts.size(), diff / prompts.size());
        }
    }
}
