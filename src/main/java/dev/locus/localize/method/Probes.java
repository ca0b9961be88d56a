package dev.locus.localize.method;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.locus.core.LocusException;
import dev.locus.model.LocusModel;
import dev.locus.model.TokenBatch;
import dev.locus.model.Transformer;
import dev.locus.model.hooks.ActivationCache;
import dev.locus.model.hooks.HookPoints;
import dev.locus.model.hooks.Hooks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Linear probes per layer (the paper's FLU evidence): multinomial logistic regression ({@link LinearProbe}) on the
 * residual stream, trained on one set of facts and tested on held-out ones, predicting the fact's attribute. Read at
 * the subject's last token or the final token of the full prompt, or at the last token of the subject alone
 * ({@code <bos>{subject}}). Layer -1 is the embeddings ({@code blocks.0.hook_resid_pre}); layer l is the output of
 * block l ({@code hook_resid_post}).
 */
public final class Probes {
    public static final String SUBJECT_LAST = PositionClasses.SUBJECT_LAST;
    public static final String FINAL = PositionClasses.FINAL;
    public static final String PROMPT = "prompt";
    public static final String SUBJECT = "subject";
    private static final int CHUNK = 64;

    /**
     * One probe's result.
     *
     * @param chance the test accuracy of always guessing the most common test class
     */
    public record Row(int layer, String hook, String position, String input, double accuracy, double trainAccuracy,
            int train, int test, double chance) {
    }

    /** Probe settings: L2 penalty on standardized features and full-batch iterations. */
    public record Options(double l2, int iterations) {
        public static Options defaults() {
            return new Options(1e-3, 300);
        }
    }

    private Probes() {
    }

    /** Curves for (prompt, subject-last), (prompt, final) and (subject, subject-last), in that order. */
    public static List<Row> run(LocusModel model, LocalizationSet train, LocalizationSet test, Options o,
                                Progress progress) {
        List<LocalizationSet.Item> tr = labelled(train);
        List<LocalizationSet.Item> te = labelled(test);
        if (tr.isEmpty() || te.isEmpty()) {
            throw new LocusException("probes need facts to train on and held-out facts to test on (have " + tr.size()
                    + " and " + te.size() + ")");
        }
        int classes = train.classes().size();
        int[] trainY = tr.stream().mapToInt(LocalizationSet.Item::label).toArray();
        int[] testY = te.stream().mapToInt(LocalizationSet.Item::label).toArray();
        double chance = chance(testY, classes);
        String[][] curves = {{PROMPT, SUBJECT_LAST}, {PROMPT, FINAL}, {SUBJECT, SUBJECT_LAST}};
        List<Row> out = new ArrayList<>();
        int done = 0;
        for (String[] curve : curves) {
            Progress.checkCancelled();
            double[][][] x = residuals(model.transformer(), tr, curve[0], curve[1]);
            double[][][] xt = residuals(model.transformer(), te, curve[0], curve[1]);
            for (int l = 0; l < x.length; l++) {
                LinearProbe probe = LinearProbe.fit(x[l], trainY, classes, o.l2(), o.iterations());
                out.add(new Row(l - 1, l == 0 ? HookPoints.residPre(0) : HookPoints.residPost(l - 1), curve[1], curve[0],
                        probe.accuracy(xt[l], testY), probe.accuracy(x[l], trainY), tr.size(), te.size(), chance));
            }
            progress.update("probes", ++done, curves.length);
        }
        return out;
    }

    /** The rows of one curve, by layer. */
    public static List<Row> curve(List<Row> rows, String input, String position) {
        return rows.stream().filter(r -> r.input().equals(input) && r.position().equals(position)).toList();
    }

    private static double chance(int[] labels, int classes) {
        int[] count = new int[classes];
        for (int y : labels) {
            count[y]++;
        }
        return (double) java.util.Arrays.stream(count).max().orElse(0) / labels.length;
    }

    private static List<LocalizationSet.Item> labelled(LocalizationSet set) {
        return set.items().stream().filter(it -> it.label() >= 0).toList();
    }

    /** [layer + 1][item][d_model]: the residual stream at the chosen token of each item. */
    static double[][][] residuals(Transformer model, List<LocalizationSet.Item> items, String input, String position) {
        List<int[]> seqs = new ArrayList<>();
        int[] at = new int[items.size()];
        for (int i = 0; i < items.size(); i++) {
            LocalizationSet.Item it = items.get(i);
            boolean subjectOnly = input.equals(SUBJECT);
            seqs.add(subjectOnly ? it.subjectIds() : it.ids());
            at[i] = subjectOnly || position.equals(FINAL) ? seqs.get(i).length - 1 : it.prompt().subjectEnd() - 1;
        }
        return residuals(model, seqs, at);
    }

    /**
     * [layer + 1][sequence][d_model]: the residual stream of each sequence at its token {@code at[i]}, entering block
     * 0 (the embeddings) and leaving each block.
     */
    public static double[][][] residuals(Transformer model, List<int[]> seqs, int[] at) {
        int layers = model.config().nLayers();
        int d = model.config().dModel();
        double[][][] out = new double[layers + 1][seqs.size()][];
        List<String> points = new ArrayList<>();
        points.add(HookPoints.residPre(0));
        for (int l = 0; l < layers; l++) {
            points.add(HookPoints.residPost(l));
        }
        for (int start = 0; start < seqs.size(); start += CHUNK) {
            List<int[]> chunk = seqs.subList(start, Math.min(seqs.size(), start + CHUNK));
            int length = chunk.stream().mapToInt(s -> s.length).max().orElse(1);
            try (NDManager scope = model.weights().manager().newSubManager()) {
                ActivationCache cache = new ActivationCache();
                model.forwardLast(scope, TokenBatch.of(chunk, TokenBatch.Padding.LEFT, 0), new Hooks().cache(cache, points));
                for (int l = 0; l <= layers; l++) {
                    // [batch, pos, d_model], flattened
                    double[] flat = cache.get(points.get(l)).toType(DataType.FLOAT64, false).toDoubleArray();
                    for (int i = 0; i < chunk.size(); i++) {
                        int p = length - chunk.get(i).length + at[start + i];          // left padding
                        int base = (i * length + p) * d;
                        out[l][start + i] = Arrays.copyOfRange(flat, base, base + d);
                    }
                }
            }
        }
        return out;
    }
}
