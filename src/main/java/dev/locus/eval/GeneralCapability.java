package dev.locus.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.locus.core.LocusException;
import dev.locus.data.Prompt;
import dev.locus.data.Question;
import dev.locus.model.LocusModel;
import dev.locus.model.TextTokenizer;
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

    /** Mean next-token cross-entropy (nats per token) over the lines, each tokenized on its own. */
    public static double textLoss(LocusModel model, List<String> lines) {
        TextTokenizer tok = model.requireTokenizer();
        double total = 0;
        long count = 0;
        for (int start = 0; start < lines.size(); start += BATCH) {
            dev.locus.localize.method.Progress.checkCancelled(); // a cancelled run stops between batches
            List<int[]> seqs = new ArrayList<>();
            for (String line : lines.subList(start, Math.min(lines.size(), start + BATCH))) {
                int[] ids = tok.encode(line);
                if (ids.length >= 2) {
                    seqs.add(ids.length > model.config().maxPositions()
                            ? java.util.Arrays.copyOf(ids, model.config().maxPositions()) : ids);
                }
            }
            if (seqs.isEmpty()) {
                continue;
            }
            TokenBatch batch = TokenBatch.of(seqs, TokenBatch.Padding.RIGHT, 0);
            try (NDManager scope = NDManager.newBaseManager(model.device())) {
                NDArray logp = model.transformer().forward(scope, batch, Hooks.none()).logSoftmax(2); // [batch, pos, vocab]
                float[] flat = logp.toType(DataType.FLOAT32, false).toFloatArray();
                int vocab = model.config().vocabSize();
                int len = batch.length();
                for (int b = 0; b < seqs.size(); b++) {
                    int[] ids = seqs.get(b);
                    for (int i = 0; i + 1 < ids.length; i++) {
                        total -= flat[(b * len + i) * vocab + ids[i + 1]];
                        count++;
                    }
                }
            }
        }
        if (count == 0) {
            throw new LocusException("the general text has no line of two or more tokens");
        }
        return total / count;
    }
}
