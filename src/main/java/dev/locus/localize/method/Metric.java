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
 * the other candidates (the paper's attribution-patching metric), or the true answer's probability renormalized over
 * the candidates (its causal-tracing metric and accuracy measure).
 */
public enum Metric {
    LOGIT_DIFF("logit-diff"), PROB("prob");

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
        throw new LocusException("metric '" + s + "' not understood; expected logit-diff or prob");
    }

    /**
     * The metric of each row of {@code logits} [rows, vocab], rows being {@code repeat} copies of {@code items} one
     * after the other; [rows], in the logits' manager. Differentiable.
     */
    public NDArray perRow(NDArray logits, List<LocalizationSet.Item> items, int repeat, NDManager scope) {
        int n = items.size();
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
