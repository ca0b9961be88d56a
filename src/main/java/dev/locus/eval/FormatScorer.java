package dev.locus.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.locus.core.LocusException;
import dev.locus.data.EncodedPrompt;
import dev.locus.data.Fact;
import dev.locus.data.Prompt;
import dev.locus.data.PromptEncoder;
import dev.locus.data.PromptFormat;
import dev.locus.model.LocusModel;
import dev.locus.model.TokenBatch;
import dev.locus.model.hooks.Hooks;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores prompts as the paper does (src/docs/paper.md §5): the next-token probability of each candidate's
 * first token, renormalized over the candidates (the four sports, or the letters A-D), or, for a format scored over
 * the full vocabulary (CounterFact's Normal, Paraphrase and Neighborhood), that probability as the softmax over the
 * whole vocabulary gives it; accuracy is the mean of the correct candidate's probability, as the paper's. The share
 * of prompts whose correct candidate ranks first is kept beside it as the argmax accuracy (not the paper's). A
 * candidate's first token is found by {@link PromptEncoder}.
 */
public final class FormatScorer {
    private static final int BATCH = 64;

    private final LocusModel model;
    private final PromptEncoder encoder;

    public FormatScorer(LocusModel model) {
        this.model = model;
        this.encoder = new PromptEncoder(model.requireTokenizer(), model.config().maxPositions());
    }

    /** Renders {@code facts} in {@code format} and scores every prompt. */
    public FormatScore score(PromptFormat format, List<Fact> facts) {
        List<Prompt> prompts = new ArrayList<>();
        for (Fact f : facts) {
            prompts.addAll(format.render(f));
        }
        if (prompts.isEmpty()) {
            throw new LocusException("format '" + format.name() + "' gives no prompts for these facts");
        }
        double[][] probs = format.fullVocabulary() ? vocabularyProbabilities(prompts) : candidateProbabilities(prompts);
        int right = 0;
        double sum = 0;
        int edits = 0;
        int editRight = 0;
        double editSum = 0;
        for (int i = 0; i < prompts.size(); i++) {
            Prompt p = prompts.get(i);
            int best = argmax(probs[i]);
            sum += probs[i][p.correct()];
            right += best == p.correct() ? 1 : 0;
            if (p.edit() >= 0) {
                edits++;
                editSum += probs[i][p.edit()];
                editRight += best == p.edit() ? 1 : 0;
            }
        }
        int n = prompts.size();
        return new FormatScore(format.name(), n, (double) right / n, sum / n,
                edits == 0 ? Double.NaN : (double) editRight / edits, edits == 0 ? Double.NaN : editSum / edits);
    }

    /** For each prompt, its candidates' probabilities renormalized to sum to one. */
    public double[][] candidateProbabilities(List<Prompt> prompts) {
        return probabilities(prompts, true);
    }

    /**
     * For each prompt, its candidates' first-token probabilities under the softmax over the whole vocabulary, not
     * renormalized (the paper's CounterFact accuracy, src/docs/paper.md §5): they need not sum to one.
     */
    public double[][] vocabularyProbabilities(List<Prompt> prompts) {
        return probabilities(prompts, false);
    }

    private double[][] probabilities(List<Prompt> prompts, boolean renormalized) {
        double[][] out = new double[prompts.size()][];
        for (int start = 0; start < prompts.size(); start += BATCH) {
            dev.locus.localize.method.Progress.checkCancelled(); // a cancelled run stops between batches
            List<Prompt> chunk = prompts.subList(start, Math.min(prompts.size(), start + BATCH));
            List<int[]> seqs = new ArrayList<>();
            int[][] candidates = new int[chunk.size()][];
            for (int b = 0; b < chunk.size(); b++) {
                EncodedPrompt e = encoder.encode(chunk.get(b));
                seqs.add(e.ids());
                candidates[b] = e.answerTokens();
            }
            try (NDManager scope = NDManager.newBaseManager(model.device())) {
                TokenBatch batch = TokenBatch.of(seqs, TokenBatch.Padding.LEFT, 0);
                NDArray logp = model.transformer().forwardLast(scope, batch, Hooks.none()).logSoftmax(1); // [batch, vocab]
                float[] flat = logp.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
                int vocab = model.config().vocabSize();
                for (int b = 0; b < chunk.size(); b++) {
                    out[start + b] = renormalized ? renormalize(flat, b * vocab, candidates[b])
                            : exp(flat, b * vocab, candidates[b]);
                }
            }
        }
        return out;
    }

    /** The probabilities of tokens {@code ids} renormalized over them, from log-probabilities {@code logp[offset..]}. */
    public static double[] renormalize(float[] logp, int offset, int[] ids) {
        double max = Double.NEGATIVE_INFINITY;
        for (int id : ids) {
            max = Math.max(max, logp[offset + id]);
        }
        double[] p = new double[ids.length];
        double sum = 0;
        for (int i = 0; i < ids.length; i++) {
            p[i] = Math.exp(logp[offset + ids[i]] - max);
            sum += p[i];
        }
        for (int i = 0; i < ids.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    private static double[] exp(float[] logp, int offset, int[] ids) {
        double[] p = new double[ids.length];
        for (int i = 0; i < ids.length; i++) {
            p[i] = Math.exp(logp[offset + ids[i]]);
        }
        return p;
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
