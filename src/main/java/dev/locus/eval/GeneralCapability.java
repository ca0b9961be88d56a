package dev.locus.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.locus.core.LocusException;
import dev.locus.data.GeneralText;
import dev.locus.data.Prompt;
import dev.locus.data.Question;
import dev.locus.model.LocusModel;
import dev.locus.model.TokenBatch;
import dev.locus.model.hooks.Hooks;
import java.util.ArrayList;
import java.util.List;

/**
 * What an edit must not break: accuracy on MMLU-style questions (the paper's MMLU) and next-token loss on
 * general text (the paper's Pile loss).
 */
public final class GeneralCapability {
    private static final List<String> LETTERS = List.of(" A", " B", " C", " D");
    private static final int BATCH = 32;
    /** Most logits one text-loss batch may hold: 2^28 values, 1 GiB in float32. */
    private static final long MAX_LOGITS = 1L << 28;

    private GeneralCapability() {
    }

    /**
     * The paper's in-loop MMLU scoring (src/docs/paper.md §5: 0-shot, letter scored): accuracy is the mean
     * probability of the right letter renormalized over A-D, argmax accuracy the share of questions whose right
     * letter is the most probable of the four.
     */
    public static FormatScore questions(LocusModel model, List<Question> questions) {
        List<Prompt> prompts = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            Question q = questions.get(i);
            prompts.add(new Prompt("q" + i, "general_mcq", q.prompt(), LETTERS, q.answer(), -1));
        }
        double[][] p = new FormatScorer(model).candidateProbabilities(prompts);
        int right = 0;
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            int best = 0;
            for (int c = 1; c < 4; c++) {
                best = p[i][c] > p[i][best] ? c : best;
            }
            right += best == questions.get(i).answer() ? 1 : 0;
            sum += p[i][questions.get(i).answer()];
        }
        return new FormatScore("general_mcq", questions.size(), (double) right / questions.size(), sum / questions.size());
    }

    /**
     * Mean next-token cross-entropy (nats per token) over the lines, each tokenized on its own and cut to its first 100
     * tokens ({@link GeneralText}). Only each position's log-probability of its next token leaves the device, never the
     * [batch, positions, vocabulary] distribution; batches shrink so that their logits stay under 2^28 values.
     */
    public static double textLoss(LocusModel model, List<String> lines) {
        List<int[]> windows = GeneralText.windows(model.requireTokenizer(), lines, model.config().maxPositions());
        if (windows.isEmpty()) {
            throw new LocusException("the general text has no line of two or more tokens");
        }
        int longest = windows.stream().mapToInt(w -> w.length).max().orElseThrow();
        int batchSize = (int) Math.max(1, Math.min(BATCH, MAX_LOGITS / ((long) longest * model.config().vocabSize())));
        double total = 0;
        long count = 0;
        for (int start = 0; start < windows.size(); start += batchSize) {
            dev.locus.localize.method.Progress.checkCancelled(); // a cancelled run stops between batches
            List<int[]> seqs = windows.subList(start, Math.min(windows.size(), start + batchSize));
            TokenBatch batch = TokenBatch.of(seqs, TokenBatch.Padding.RIGHT, 0);
            int len = batch.length();
            long[] next = new long[seqs.size() * len];      // each position's next token (0 where there is none)
            boolean[] scored = new boolean[next.length];
            for (int b = 0; b < seqs.size(); b++) {
                int[] ids = seqs.get(b);
                for (int i = 0; i + 1 < ids.length; i++) {
                    int at = b * len + batch.column(b, i);
                    next[at] = ids[i + 1];
                    scored[at] = true;
                }
            }
            try (NDManager scope = NDManager.newBaseManager(model.device())) {
                NDArray logp = model.transformer().forward(scope, batch, Hooks.none()).logSoftmax(2); // [batch, pos, vocab]
                NDArray picked = logp.gather(scope.create(next, new Shape(seqs.size(), len, 1)), 2);   // [batch, pos, 1]
                float[] flat = picked.toType(DataType.FLOAT32, false).toFloatArray();
                for (int i = 0; i < flat.length; i++) {
                    if (scored[i]) {
                        total -= flat[i];
                        count++;
                    }
                }
            }
        }
        return total / count;
    }
}
