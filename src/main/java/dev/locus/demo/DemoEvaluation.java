package dev.locus.demo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.locus.data.world.Athlete;
import dev.locus.localize.method.LinearProbe;
import dev.locus.localize.method.Probes;
import dev.locus.model.TokenBatch;
import dev.locus.model.Transformer;
import dev.locus.model.hooks.HookPoints;
import dev.locus.model.hooks.Hooks;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Measures the demo model: accuracy per format, and the evidence that it recalls sports the way real models
 * do: a linear probe reads the sport at the athlete's last name, ablating early MLPs at the name breaks
 * recall, ablating the MLPs at the final position costs much less.
 */
public final class DemoEvaluation {
    private static final int CHUNK = 256;

    private final Transformer model;
    private final WordVocabulary vocab;

    public DemoEvaluation(Transformer model, WordVocabulary vocab) {
        this.model = model;
        this.vocab = vocab;
    }

    /** Position of the athlete's first name in a prompt of {@code template} (after {@code <bos>}). */
    public int firstNamePosition(String template) {
        return vocab.encode(template.substring(0, template.indexOf("{subject}"))).length;
    }

    public int length(String template) {
        return vocab.encode(template.replace("{subject}", "x y")).length;
    }

    /** Accuracy in {@code template} (the right candidate scores highest among the four). */
    public double accuracy(String template, List<Athlete> athletes) {
        return accuracy(template, athletes, b -> Hooks.none());
    }

    /** Accuracy with hooks made per batch (ablations). */
    public double accuracy(String template, List<Athlete> athletes, Function<NDManager, Hooks> hooks) {
        boolean letters = template.equals(WorldTexts.MCQ);
        List<String> answers = letters ? WorldTexts.LETTERS : WorldTexts.CANDIDATES;
        int[] ids = answers.stream().mapToInt(vocab::id).toArray();
        int right = 0;
        for (int start = 0; start < athletes.size(); start += CHUNK) {
            List<Athlete> chunk = athletes.subList(start, Math.min(athletes.size(), start + CHUNK));
            try (NDManager scope = model.weights().manager().newSubManager()) {
                float[] logits = model.forwardLast(scope, batch(template, chunk), hooks.apply(scope)).toFloatArray();
                int vocabSize = model.config().vocabSize();
                for (int b = 0; b < chunk.size(); b++) {
                    int best = 0;
                    for (int c = 1; c < ids.length; c++) {
                        if (logits[b * vocabSize + ids[c]] > logits[b * vocabSize + ids[best]]) {
                            best = c;
                        }
                    }
                    if (best == WorldTexts.CANDIDATES.indexOf(chunk.get(b).sport())) {
                        right++;
                    }
                }
            }
        }
        return (double) right / athletes.size();
    }

    /**
     * Probe accuracy per layer (index 0: the embeddings, L: after block L-1) for the sport, read from the
     * residual stream at {@code position} of {@code template}; trained on {@code train}, tested on {@code test}.
     */
    public double[] probeCurve(String template, int position, List<Athlete> train, List<Athlete> test) {
        int layers = model.config().nLayers();
        double[][][] trainX = residuals(template, position, train);
        double[][][] testX = residuals(template, position, test);
        int[] trainY = labels(train);
        int[] testY = labels(test);
        double[] acc = new double[layers + 1];
        for (int l = 0; l <= layers; l++) {
            acc[l] = LinearProbe.fit(trainX[l], trainY, 3, 1e-3, 300).accuracy(testX[l], testY);
        }
        return acc;
    }

    /** Hooks that replace {@code hook_mlp_out} of {@code layers} at {@code positions} by its batch mean there. */
    public static Hooks meanAblateMlps(int[] layers, int[] positions, int length, NDManager scope, DataType type) {
        return ablateMlps(layers, positions, length, scope, type, false);
    }

    /** Hooks that set {@code hook_mlp_out} of {@code layers} at {@code positions} to zero. */
    public static Hooks zeroAblateMlps(int[] layers, int[] positions, int length, NDManager scope, DataType type) {
        return ablateMlps(layers, positions, length, scope, type, true);
    }

    private static Hooks ablateMlps(int[] layers, int[] positions, int length, NDManager scope, DataType type,
                                    boolean zero) {
        float[] m = new float[length];
        for (int p : positions) {
            m[p] = 1f;
        }
        NDArray mask = scope.create(m, new Shape(1, length, 1)).toType(type, false);   // [1, pos, 1]
        NDArray keep = mask.neg().add(1);
        Hooks hooks = new Hooks();
        for (int l : layers) {
            hooks.add(HookPoints.mlpOut(l), (name, a) -> zero ? a.mul(keep)
                    : a.mul(keep).add(a.mean(new int[] {0}, true).mul(mask)));
        }
        return hooks;
    }

    private TokenBatch batch(String template, List<Athlete> athletes) {
        List<int[]> seqs = new ArrayList<>();
        for (Athlete a : athletes) {
            seqs.add(vocab.encode(WorldTexts.prompt(template, a)));
        }
        return TokenBatch.of(seqs, TokenBatch.Padding.LEFT, vocab.id(WordVocabulary.PAD));
    }

    /** [layer][athlete][d_model] residual stream at {@code position}: the embeddings, then each block's output. */
    private double[][][] residuals(String template, int position, List<Athlete> athletes) {
        List<int[]> seqs = new ArrayList<>();
        for (Athlete a : athletes) {
            seqs.add(vocab.encode(WorldTexts.prompt(template, a)));
        }
        int[] at = new int[seqs.size()];
        java.util.Arrays.fill(at, position);
        return Probes.residuals(model, seqs, at);
    }

    private static int[] labels(List<Athlete> athletes) {
        return athletes.stream().mapToInt(a -> WorldTexts.CANDIDATES.indexOf(a.sport())).toArray();
    }
}
