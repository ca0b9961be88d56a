package dev.locus.localize.method;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.locus.data.Dataset;
import dev.locus.data.ForgetSpec;
import dev.locus.data.Split;
import dev.locus.data.files.SportsFactsCsv;
import dev.locus.model.LocusModel;
import dev.locus.model.TextTokenizer;
import dev.locus.model.hooks.ActivationCache;
import dev.locus.model.hooks.HookPoints;
import dev.locus.model.hooks.Hooks;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The paper's localization settings on the bundled Sports World model (src/docs/paper.md §3.2): random ASCII
 * corruption, per-prompt sqrt(3 sd) noise, and causal tracing scored by the full-vocabulary P(answer) after restoring.
 */
class PaperProtocolTest {
    private static LocusModel model;
    private static LocalizationSet forget;

    @BeforeAll
    static void load() {
        Path demo = Path.of("assets/sports-world");
        model = LocusModel.load(demo, Device.cpu());
        Dataset data = SportsFactsCsv.read(demo.resolve("sports.csv"));
        Split split = Split.of(data, ForgetSpec.parse("first:64"));
        forget = LocalizationSet.of(model, data.format("standard"), split.forget(), data.attributes());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static int[] ascii() {
        return model.requireTokenizer().asciiTokens(model.config().vocabSize());
    }

    @Test
    void randomAsciiKeepsTheLengthChangesEverySubjectTokenAndRepeatsWithItsSeed() {
        TextTokenizer tok = model.requireTokenizer();
        int[] pool = ascii();
        System.out.println("Sports World vocabulary: " + pool.length + " of " + model.config().vocabSize()
                + " tokens are ASCII and not special");
        assertTrue(pool.length > 400, "the word-level vocabulary is ASCII apart from its specials: " + pool.length);
        assertTrue(Arrays.stream(pool).noneMatch(id -> tok.decode(id).equals("<bos>") || tok.decode(id).equals("<pad>")),
                "special tokens are never drawn");
        Corruption c = Corruption.parse("random-ascii", null, 4);
        int[][] ids = c.corruptIds(forget, PaperProtocolTest::ascii);
        int twoTokens = 0;
        for (int i = 0; i < forget.size(); i++) {
            LocalizationSet.Item it = forget.items().get(i);
            int s = it.prompt().subjectStart();
            int e = it.prompt().subjectEnd();
            assertEquals(it.length(), ids[i].length, "same number of tokens");
            assertArrayEquals(Arrays.copyOfRange(it.ids(), 0, s), Arrays.copyOfRange(ids[i], 0, s), "the template stays");
            assertArrayEquals(Arrays.copyOfRange(it.ids(), e, it.length()), Arrays.copyOfRange(ids[i], e, it.length()));
            for (int p = s; p < e; p++) {
                assertNotEquals(it.ids()[p], ids[i][p], "every subject token changes");
                int drawn = ids[i][p];
                assertTrue(Arrays.stream(pool).anyMatch(t -> t == drawn));
                assertTrue(tok.decode(drawn).chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f), tok.decode(drawn));
            }
            twoTokens += e - s == 2 ? 1 : 0;
        }
        assertTrue(twoTokens > 0, "Sports World names are two tokens");
        assertTrue(Arrays.deepEquals(ids, c.corruptIds(forget, PaperProtocolTest::ascii)), "a seed repeats");
        assertFalse(Arrays.deepEquals(ids, Corruption.parse("random-ascii", null, 5).corruptIds(forget,
                PaperProtocolTest::ascii)), "another seed draws other tokens");
        assertTrue(Arrays.stream(ids).anyMatch(row -> Arrays.stream(row).anyMatch(t -> !contains(subjectTokens(), t))),
                "drawn from the whole vocabulary, not only from the subjects' tokens (random-tokens)");
    }

    @Test
    void randomAsciiCorruptionRemovesTheAnswer() {
        int[][] corrupt = Corruption.parse("random-ascii", null, 0).corruptIds(forget, PaperProtocolTest::ascii);
        double[] clean = probabilities(forget.items().stream().map(LocalizationSet.Item::ids).toList());
        double[] corrupted = probabilities(Arrays.asList(corrupt));
        System.out.printf("random-ascii on 64 Sports World prompts: P(correct) among the candidates %.3f clean, %.3f "
                + "corrupted; full vocabulary %.3f clean, %.3f corrupted%n", clean[0], corrupted[0], clean[1], corrupted[1]);
        assertTrue(clean[0] > 0.9, "the model knows these athletes: " + clean[0]);
        assertTrue(corrupted[0] < 0.5, "random name tokens leave it near chance among four sports: " + corrupted[0]);
    }

    @Test
    void sqrt3sdScalesEachPromptsNoiseByItsOwnSubject() {
        int d = model.config().dModel();
        // the prompts with the quietest and the loudest subject embeddings
        List<LocalizationSet.Item> byStd = forget.items().stream().sorted(java.util.Comparator.comparingDouble(
                (LocalizationSet.Item it) -> Patching.subjectEmbeddingStd(model, List.of(it)))).toList();
        LocalizationSet.Item me = forget.items().get(10);
        float[] withQuiet = noiseOfFirst(List.of(me, byStd.get(0)));
        float[] withLoud = noiseOfFirst(List.of(me, byStd.get(byStd.size() - 1)));
        assertArrayEquals(withQuiet, withLoud, "a prompt's noise depends on its own subject only, not on the others");
        double own = Patching.subjectEmbeddingStd(model, List.of(me));
        double sum = 0;
        int n = 0;
        for (int pos = me.prompt().subjectStart(); pos < me.prompt().subjectEnd(); pos++) {
            for (int j = 0; j < d; j++) {
                sum += withQuiet[pos * d + j] * (double) withQuiet[pos * d + j];
                n++;
            }
        }
        System.out.printf("subject embedding std per prompt %.3f to %.3f; sqrt3sd noise std %.3f for std %.3f%n",
                Patching.subjectEmbeddingStd(model, List.of(byStd.get(0))),
                Patching.subjectEmbeddingStd(model, List.of(byStd.get(byStd.size() - 1))), Math.sqrt(sum / n), own);
        assertEquals(Math.sqrt(3 * own), Math.sqrt(sum / n), 0.15 * Math.sqrt(3 * own), "std sqrt(3 x its own sd)");
    }

    private static float[] noiseOfFirst(List<LocalizationSet.Item> items) {
        LocalizationSet two = new LocalizationSet(forget.format(), forget.classes(), items, 0);
        return new Patching(model, two, Corruption.parse("noise", "sqrt3sd", 3), Metric.PROB, 64, 4096)
                .noise(items, 0)[0];
    }

    @Test
    void paperCausalTracingScoresTheFullVocabularyProbabilityAfterRestoring() {
        LocalizationSet few = forget.limit(8);
        Corruption noise = Corruption.parse("noise", "sqrt3sd", 1);
        ComponentScores s = CausalTracing.run(model, few, noise,
                CausalTracing.Options.defaults().withMetric(Metric.FULL_VOCAB_PROB).withRawScore(true), Progress.NONE);
        // by hand: noised embeddings, L0's MLP output restored from the clean run, softmax over the whole vocabulary
        Patching p = new Patching(model, few, noise, Metric.FULL_VOCAB_PROB, 64, 4096);
        List<int[]> ids = few.items().stream().map(LocalizationSet.Item::ids).toList();
        double expected;
        try (NDManager m = model.transformer().weights().manager().newSubManager()) {
            ActivationCache clean = new ActivationCache();
            model.transformer().forwardLast(m, PatchRun.batch(ids, 1), new Hooks().cache(clean, List.of(HookPoints.mlpOut(0))));
            int length = few.items().stream().mapToInt(LocalizationSet.Item::length).max().orElseThrow();
            int[] offset = few.items().stream().mapToInt(it -> length - it.length()).toArray();   // left padding
            NDArray added = PatchRun.noiseArray(m, p.noise(few.items(), 0), offset, length, model.config().dModel(),
                    DataType.FLOAT32).squeeze(0);                                                // [items, pos, d_model]
            Hooks hooks = new Hooks().add(HookPoints.EMBED, (n, x) -> x.add(added))
                    .add(HookPoints.mlpOut(0), (n, x) -> clean.get(HookPoints.mlpOut(0)));
            NDArray probs = model.transformer().forwardLast(m, PatchRun.batch(ids, 1), hooks).softmax(1);
            double sum = 0;
            for (int i = 0; i < few.size(); i++) {
                sum += probs.getFloat(i, few.items().get(i).prompt().correctToken());
            }
            expected = sum / few.size();
        }
        assertEquals(expected, s.row("L0.mlp").score(), 1e-4, "score = mean full-vocabulary P(correct) after restoring");
        assertTrue(s.rows().stream().allMatch(r -> r.score() >= 0 && r.score() <= 1), "scores are probabilities");
        double heads = s.rows().stream().filter(r -> r.layer() == 2 && !r.isMlp()).mapToDouble(ComponentScores.Row::score).sum();
        assertEquals(heads, s.layerScores().get("L2.attn"), 1e-9, "an attention layer's score is its heads' sum");
        assertEquals(s.corrupted() + s.row("L0.mlp").details().get("effect"), s.row("L0.mlp").score(), 1e-9);
    }

    private static double[] probabilities(List<int[]> ids) {
        try (NDManager m = model.transformer().weights().manager().newSubManager()) {
            NDArray logits = model.transformer().forwardLast(m, PatchRun.batch(ids, 1), Hooks.none());
            double among = Metric.PROB.perRow(logits, forget.items(), 1, m).mean().getFloat();
            double full = Metric.FULL_VOCAB_PROB.perRow(logits, forget.items(), 1, m).mean().getFloat();
            return new double[] {among, full};
        }
    }

    private static int[] subjectTokens() {
        return forget.items().stream().flatMapToInt(it -> Arrays.stream(it.ids(), it.prompt().subjectStart(),
                it.prompt().subjectEnd())).distinct().toArray();
    }

    private static boolean contains(int[] a, int v) {
        return Arrays.stream(a).anyMatch(x -> x == v);
    }
}
