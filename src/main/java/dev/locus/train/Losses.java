package dev.locus.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.locus.model.TokenBatch;
import dev.locus.model.Transformer;
import dev.locus.model.hooks.Hooks;
import java.util.List;

/**
 * The losses of edits and of the relearning attack (src/docs/paper.md §4), as differentiable scalars. Constants are arrays made in the step's
 * scope, never Java numbers (see src/docs/dependencies.md: {@code mul(Number)} under a gradient recorder is unsafe).
 */
public final class Losses {
    /** Below this log-probability the unlearning loss of a prompt is zero (HarmBench's log_1_minus_p_loss). */
    static final float UNLEARNED_LOG_P = -5f;

    private Losses() {
    }

    /** Mean cross-entropy of the next token after each prompt toward {@code targets}. */
    public static NDArray answerCrossEntropy(Transformer model, NDManager scope, List<int[]> prompts, int[] targets) {
        return targetLogProbs(model, scope, prompts, targets).mean().neg();
    }

    /**
     * Mean of -log(1 - p(target)) over prompts given log p(target) per prompt ([batch], from {@link #targetLogProbs}),
     * where terms with log p(target) below -5 count zero: pushes the true answer's probability down without rewarding
     * it to go to minus infinity.
     */
    public static NDArray logOneMinusP(NDManager scope, NDArray logp) {
        NDArray one = scope.create(1f).toType(logp.getDataType(), false);
        NDArray tiny = scope.create(1e-6f).toType(logp.getDataType(), false);
        NDArray floor = scope.create(UNLEARNED_LOG_P).toType(logp.getDataType(), false);
        NDArray active = logp.gt(floor).toType(logp.getDataType(), false);            // constant mask
        NDArray loss = logp.exp().neg().add(one).maximum(tiny).log().neg();          // -log(1 - p)
        return loss.mul(active).mean();
    }

    /** The whole range when n <= batch, else {@code batch} distinct indices drawn at random. */
    public static int[] sample(int n, int batch, java.util.Random random) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        if (n <= batch) {
            return idx;
        }
        for (int i = 0; i < batch; i++) {
            int j = i + random.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return java.util.Arrays.copyOf(idx, batch);
    }

    /** Mean next-token cross-entropy over every real token of the lines (right-padded). */
    public static NDArray nextTokenLoss(Transformer model, NDManager scope, List<int[]> lines) {
        int counted = 0;
        for (int[] line : lines) {
            counted += Math.max(0, line.length - 1);
        }
        return nextTokenLoss(model, scope, lines, counted);
    }

    /**
     * The lines' next-token cross-entropy summed over their tokens and divided by {@code tokens}: a micro-batch's part
     * of the mean over a whole batch of that many tokens.
     */
    public static NDArray nextTokenLoss(Transformer model, NDManager scope, List<int[]> lines, int tokens) {
        TokenBatch batch = TokenBatch.of(lines, TokenBatch.Padding.RIGHT, 0);
        int b = lines.size();
        int len = batch.length();
        long[] targets = new long[b * len];
        float[] weights = new float[b * len];
        int counted = 0;
        for (int r = 0; r < b; r++) {
            int[] ids = lines.get(r);
            for (int i = 0; i + 1 < ids.length; i++) {
                targets[r * len + i] = ids[i + 1];
                weights[r * len + i] = 1f;
                counted++;
            }
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] /= Math.max(1, tokens);
        }
        NDArray logits = model.forward(scope, batch, Hooks.none());                  // [batch, pos, vocab]
        NDArray target = scope.create(targets, new Shape(b, len, 1));
        NDArray weight = scope.create(weights, new Shape(b, len, 1)).toType(logits.getDataType(), false);
        return logits.logSoftmax(2).gather(target, 2).mul(weight).sum().neg();
    }

    /**
     * log p(target) of the next token after each prompt, [batch], from one forward pass of them all (left-padded):
     * losses over several prompt sets can share one pass and slice its rows.
     */
    public static NDArray targetLogProbs(Transformer model, NDManager scope, List<int[]> prompts, int[] targets) {
        NDArray logits = model.forwardLast(scope, TokenBatch.of(prompts, TokenBatch.Padding.LEFT, 0), Hooks.none());
        long[] t = new long[targets.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = targets[i];
        }
        return logits.logSoftmax(1).gather(scope.create(t, new Shape(t.length, 1)), 1).squeeze(1);
    }
}
