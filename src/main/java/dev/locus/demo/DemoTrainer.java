package dev.locus.demo;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.locus.data.world.SportsWorld;
import dev.locus.model.ModelWeights;
import dev.locus.model.RandomInit;
import dev.locus.model.TokenBatch;
import dev.locus.model.Transformer;
import dev.locus.model.config.ModelConfig;
import dev.locus.model.config.ParamSpec;
import dev.locus.model.hooks.Hooks;
import dev.locus.train.AdamW;
import dev.locus.train.CosineSchedule;
import dev.locus.train.TrainingLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains the Sports World demo model from scratch: a Llama-style decoder, next-token loss on the
 * {@link TrainingCorpus} mixture, AdamW with warm-up and cosine decay, gradient clipping at 1. Seeded: the
 * same recipe gives the same weights.
 */
public final class DemoTrainer {
    private static final String LOSS = "loss";

    /** Progress of a training run; called on the training thread. */
    public interface Listener {
        void step(int step, int total, double loss, double lr, double seconds);

        default void evaluated(int step, String summary) {
        }
    }

    /** What training produced: the model (owning its weights), its vocabulary and corpus, and timings. */
    public record Trained(Transformer model, List<ParamSpec> specs, WordVocabulary vocab, SportsWorld world,
                          TrainingCorpus corpus, double seconds, double finalLoss) {
    }

    private DemoTrainer() {
    }

    public static ModelConfig config(DemoRecipe r, int vocabSize) {
        return ModelConfig.builder().architecture("LlamaForCausalLM").nLayers(r.layers()).dModel(r.dModel())
                .nHeads(r.heads()).dMlp(r.dMlp()).vocabSize(vocabSize).maxPositions(256).normEps(1e-5)
                .tiedEmbeddings(false).build();
    }

    public static Trained train(DemoRecipe recipe, Listener listener) {
        SportsWorld world = SportsWorld.generate(recipe.seed(), recipe.namesPerPool());
        WordVocabulary vocab = WordVocabulary.of(TrainingCorpus.allTexts(world));
        TrainingCorpus corpus = new TrainingCorpus(world, vocab, recipe);
        ModelConfig config = config(recipe, vocab.size());
        List<ParamSpec> specs = RandomInit.specs(config);
        ModelWeights weights = RandomInit.weights(config, specs, recipe.seed(), Device.cpu(), DataType.FLOAT32);
        Transformer model = new Transformer(config, weights);
        List<NDArray> params = new ArrayList<>();
        for (String name : weights.names()) {
            NDArray p = weights.get(name);
            p.setRequiresGradient(true);
            params.add(p);
        }
        CosineSchedule schedule = new CosineSchedule(recipe.learningRate(), recipe.warmupSteps(), recipe.steps(), 0.05);
        SplittableRandom random = new SplittableRandom(recipe.seed() * 31 + 7);
        long start = System.nanoTime();
        boolean[] lossFree = corpus.lossFreeTokens();
        double loss;
        try (AdamW adam = AdamW.standard(weights.manager(), recipe.weightDecay())) {
            loss = TrainingLoop.of(recipe.steps(), schedule::at).withClip(1.0)
                    .run(weights.manager(), params, adam, pass -> {
                        NDArray l = loss(model, pass.scope(), corpus.nextRows(random), lossFree, recipe);   // []
                        pass.losses().put(LOSS, l.getFloat());
                        return l;
                    }, (step, total, losses, lr, seconds) -> listener.step(step, total, losses.get(LOSS), lr, seconds))
                    .get(LOSS);
        }
        for (NDArray p : params) {
            p.setRequiresGradient(false);
        }
        return new Trained(model, specs, vocab, world, corpus, (System.nanoTime() - start) / 1e9, loss);
    }

    /**
     * The next-token loss over {@code rows}, averaged over the targets that are not {@code lossFree}, built in
     * {@code scope}; call it inside a gradient collector.
     */
    static NDArray loss(Transformer model, NDManager scope, TrainingCorpus.Rows packed, boolean[] lossFree,
                        DemoRecipe recipe) {
        int len = recipe.rowLength();
        int[][] rows = packed.tokens();
        List<int[]> inputs = new ArrayList<>();
        List<int[]> segments = new ArrayList<>();
        long[] targets = new long[rows.length * len];
        float[] weights = new float[rows.length * len];
        int counted = 0;
        for (int b = 0; b < rows.length; b++) {
            inputs.add(java.util.Arrays.copyOfRange(rows[b], 0, len));
            segments.add(java.util.Arrays.copyOfRange(packed.segments()[b], 0, len));
            for (int i = 0; i < len; i++) {
                targets[b * len + i] = rows[b][i + 1];
                boolean crossesExamples = packed.segments()[b][i + 1] != packed.segments()[b][i];
                if (!lossFree[rows[b][i + 1]] && !crossesExamples) {
                    weights[b * len + i] = 1f;
                    counted++;
                }
            }
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] /= Math.max(1, counted);   // the weighted sum is then the mean over counted targets
        }
        TokenBatch batch = TokenBatch.packed(inputs, segments);
        NDArray target = scope.create(targets, new Shape(rows.length, len, 1));    // [batch, pos, 1]
        NDArray weight = scope.create(weights, new Shape(rows.length, len, 1));    // [batch, pos, 1]
        NDArray logits = model.forward(scope, batch, Hooks.none());                 // [batch, pos, vocab]
        return logits.logSoftmax(2).gather(target, 2).mul(weight).sum().neg();      // []
    }
}
