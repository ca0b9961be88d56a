package dev.locus.edit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.locus.data.EncodedPrompt;
import dev.locus.model.LocusModel;
import dev.locus.model.SoftPrompt;
import dev.locus.model.TextTokenizer;
import dev.locus.model.Transformer;
import dev.locus.train.AdamW;
import dev.locus.train.Losses;
import dev.locus.train.TrainingLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The soft-prompt attack (src/docs/paper.md §5): a universal soft prompt, a few virtual input embeddings put after
 * the BOS of every prompt, trained by AdamW to make the edited model say the true answers of one half of the forget
 * facts, then read on the other half. As the authors' adversary (circuit_breaking's {@code train_universal_attack}
 * with a soft-prompt adversary on the embedding layer): each virtual token's vector is projected back into the L2 ball
 * of radius epsilon after every step, the gradient is clipped to norm 1, the loss is the answer's cross-entropy over
 * the whole vocabulary, and the vectors start kaiming-uniform (bound sqrt(6 / (tokens * d_model))), projected. Only
 * the vectors train: the model's weights are read, never changed.
 */
public final class SoftPromptAttack {

    /**
     * One prompt's training.
     *
     * @param tokens virtual tokens, at least 1
     * @param epsilon bound on each virtual token's L2 norm, in the embedding table's units
     * @param lr AdamW learning rate (constant, no weight decay)
     * @param steps optimizer steps
     * @param batch prompts per step, drawn at random (all when fewer)
     * @param seed the initial vectors and the batches
     * @param microBatch prompts per forward and backward pass (gradient accumulation); 0: the whole batch at once
     */
    public record Settings(int tokens, double epsilon, double lr, int steps, int batch, long seed, int microBatch) {
        public Settings {
            if (tokens < 1 || !(epsilon > 0) || !(lr > 0) || steps < 0 || batch < 1 || microBatch < 0) {
                throw new IllegalArgumentException("bad soft-prompt settings: " + tokens + " tokens, epsilon " + epsilon
                        + ", lr " + lr + ", " + steps + " steps, batch " + batch);
            }
        }

        public Settings withSeed(long v) {
            return new Settings(tokens, epsilon, lr, steps, batch, v, microBatch);
        }
    }

    /** Called after each optimizer step with the step's answer loss. */
    @FunctionalInterface
    public interface Listener {
        void step(int step, int total, double loss);
    }

    /** A trained prompt; closing it frees its vectors. */
    public static final class Trained implements AutoCloseable {
        private final NDManager manager;
        private final SoftPrompt prompt;
        private final NDArray vectors;

        private Trained(NDManager manager, NDArray vectors, int after) {
            this.manager = manager;
            this.vectors = vectors;
            this.prompt = new SoftPrompt(vectors, after);
        }

        public SoftPrompt prompt() {
            return prompt;
        }

        /** Each virtual token's L2 norm. */
        public double[] norms() {
            float[] v = vectors.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
            int d = (int) vectors.getShape().get(1);
            double[] out = new double[v.length / d];
            for (int t = 0; t < out.length; t++) {
                double s = 0;
                for (int i = 0; i < d; i++) {
                    s += (double) v[t * d + i] * v[t * d + i];
                }
                out[t] = Math.sqrt(s);
            }
            return out;
        }

        /** The vectors, row by row. */
        public float[] values() {
            return vectors.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        }

        @Override
        public void close() {
            manager.close();
        }
    }

    private SoftPromptAttack() {
    }

    /**
     * Trains one prompt on {@code model} (not changed) to answer {@code prompts} with {@code targets}; cancellable
     * between steps (the current thread interrupted: a CancellationException, nothing left allocated).
     */
    public static Trained train(LocusModel model, List<EncodedPrompt> prompts, int[] targets, Settings s,
                                Listener listener) {
        if (prompts.isEmpty() || prompts.size() != targets.length) {
            throw new IllegalArgumentException(prompts.size() + " prompts for " + targets.length + " targets");
        }
        int d = model.config().dModel();
        int longest = prompts.stream().mapToInt(e -> e.ids().length).max().orElse(1) + s.tokens();
        // as an edit's: the trained vectors with their optimizer state, and a pass's activations (one micro-batch)
        int perPass = Math.min(s.microBatch() > 0 ? Math.min(s.batch(), s.microBatch()) : s.batch(), prompts.size());
        dev.locus.model.MemoryBudget.checkEdit(model.config(), model.device(), (long) s.tokens() * d,
                perPass, longest, 0); // no general text: an over-count by one batch, on the safe side
        NDManager owner = model.transformer().weights().manager().newSubManager();
        try {
            Random random = new Random(s.seed());
            float bound = (float) Math.sqrt(6.0 / ((double) s.tokens() * d));
            float[] init = new float[s.tokens() * d];
            for (int i = 0; i < init.length; i++) {
                init[i] = (random.nextFloat() * 2 - 1) * bound;
            }
            NDArray vectors = owner.create(init, new Shape(s.tokens(), d)).toType(model.transformer().weights().dataType(), false);
            project(owner, vectors, s.epsilon());
            vectors.setRequiresGradient(true);
            Trained trained = new Trained(owner, vectors, bosTokens(model.requireTokenizer()));
            Transformer attacked = model.transformer().withSoftPrompt(trained.prompt());
            List<int[]> ids = prompts.stream().map(EncodedPrompt::ids).toList();
            int drawn = Math.min(s.batch(), ids.size());
            int micro = s.microBatch() <= 0 ? drawn : Math.min(s.microBatch(), drawn);
            int[][] drawnNow = new int[1][];                    // the step's draw, cut into micro-batches of `micro`
            try (AdamW adam = AdamW.standard(owner, 0)) {
                TrainingLoop.of(s.steps(), t -> s.lr()).withClip(1.0).withCancellation("soft-prompt attack")
                        .withMicroBatches((drawn + micro - 1) / micro)
                        .run(owner, List.of(vectors), adam, pass -> {
                            if (pass.microBatch() == 0) {
                                drawnNow[0] = Losses.sample(ids.size(), s.batch(), random);
                                pass.losses().put("answer", 0);
                            }
                            int from = pass.microBatch() * micro;
                            int[] pick = java.util.Arrays.copyOfRange(drawnNow[0], from, Math.min(drawn, from + micro));
                            List<int[]> batch = new ArrayList<>(pick.length);
                            int[] answers = new int[pick.length];
                            for (int i = 0; i < pick.length; i++) {
                                batch.add(ids.get(pick[i]));
                                answers[i] = targets[pick[i]];
                            }
                            NDArray loss = Losses.answerCrossEntropy(attacked, pass.scope(), batch, answers);
                            if (pick.length < drawn) {      // this pass's share of the mean over the step's prompts
                                loss = loss.mul(pass.scope().create((float) pick.length / drawn).toType(loss.getDataType(), false));
                            }
                            pass.losses().add("answer", loss.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).getFloat());
                            return loss;
                        }, (step, total, values, lr, seconds) -> {
                            project(owner, vectors, s.epsilon());
                            listener.step(step, total, values.get("answer"));
                        });
            }
            return trained;
        } catch (RuntimeException | Error failure) {
            owner.close();   // cancelled or failed: the vectors and the optimizer's moments go with it
            throw failure;
        }
    }

    /** Scales each row of {@code vectors} whose L2 norm exceeds epsilon back onto the sphere, in place. */
    static void project(NDManager owner, NDArray vectors, double epsilon) {
        try (NDManager scope = owner.newSubManager()) {
            NDArray copy = vectors.duplicate();
            copy.attach(scope);
            NDArray norms = copy.square().sum(new int[] {1}, true).sqrt();             // [tokens, 1]
            NDArray scale = norms.div(epsilon).maximum(1f);
            vectors.divi(scale);
        }
    }

    /** Tokens the tokenizer puts before any text (a BOS): the virtual tokens go after them. */
    static int bosTokens(TextTokenizer tokenizer) {
        int[] with = tokenizer.encode("a");
        int[] without = tokenizer.encodeContinuation("a");
        int n = 0;
        while (n < with.length && n < with.length - without.length && (without.length == 0 || with[n] != without[0])) {
            n++;
        }
        return n;
    }
}
