package dev.locus.localize.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.locus.core.LocusException;
import java.util.List;
import java.util.Locale;

/**
 * What a localization measures at the final position: the logit difference between the true answer and the mean of
 * the other candidates (the paper's attribution- and path-patching metric; with two candidates, CounterFact's true
 * minus false target), the true answer's probability renormalized over the candidates ({@code prob}), or its
 * probability over the whole vocabulary ({@code full-vocab-prob}: the paper's causal-tracing score, src/docs/paper.md
 * §3.2).
 */
public enum Metric {
    LOGIT_DIFF("logit-diff"), PROB("prob"), FULL_VOCAB_PROB("full-vocab-prob");

    private final String text;

    Metric(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public static Metric parse(String s) {
        for (Metric m : values()) {
            if (m.text.equals(s.strip().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new LocusException("metric '" + s + "' not understood; expected " + String.join(", ", names()));
    }

    public static List<String> names() {
        return java.util.Arrays.stream(values()).map(Metric::text).toList();
    }

    /**
     * The metric of each row of {@code logits} [rows, vocab], rows being {@code repeat} copies of {@code items} one
     * after the other; [rows], in the logits' manager. Differentiable.
     */
    public NDArray perRow(NDArray logits, List<LocalizationSet.Item> items, int repeat, NDManager scope) {
        int n = items.size();
        if (this == FULL_VOCAB_PROB) {
            long[] correct = new long[n * repeat];
            for (int r = 0; r < repeat; r++) {
                for (int i = 0; i < n; i++) {
                    correct[r * n + i] = items.get(i).prompt().answerTokens()[items.get(i).prompt().prompt().correct()];
                }
            }
            // softmax over the vocabulary in float32 (a bf16 softmax over 256k logits loses the small probabilities)
            NDArray p = logits.toType(DataType.FLOAT32, false).softmax(1);                       // [rows, vocab]
            return p.gather(scope.create(correct, new Shape((long) n * repeat, 1)), 1).squeeze(1); // [rows]
        }
        int width = 0;
        for (LocalizationSet.Item it : items) {
            width = Math.max(width, it.prompt().answerTokens().length);
        }
        long[] index = new long[n * repeat * width];
        float[] weight = new float[n * repeat * width];
        float[] hidden = new float[n * repeat * width];
        for (int r = 0; r < repeat; r++) {
            for (int i = 0; i < n; i++) {
                int[] answers = items.get(i).prompt().answerTokens();
                int correct = items.get(i).prompt().prompt().correct();
                int row = (r * n + i) * width;
                for (int c = 0; c < width; c++) {
                    boolean real = c < answers.length;
                    index[row + c] = answers[real ? c : 0];
                    hidden[row + c] = real ? 0f : -1e9f;
                    if (this == PROB) {
                        weight[row + c] = c == correct ? 1f : 0f;
                    } else if (real) {
                        weight[row + c] = c == correct ? 1f : -1f / (answers.length - 1);
                    }
                }
            }
        }
        Shape shape = new Shape((long) n * repeat, width);
        NDArray candidates = logits.gather(scope.create(index, shape), 1);            // [rows, answers]
        DataType type = logits.getDataType();
        NDArray w = scope.create(weight, shape).toType(type, false);
        if (this == PROB) {
            candidates = candidates.add(scope.create(hidden, shape).toType(type, false)).softmax(1);
        }
        return candidates.mul(w).sum(new int[] {1});                                 // [rows]
    }
}
