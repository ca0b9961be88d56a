package dev.locus.demo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.locus.core.LocusException;
import dev.locus.data.EncodedPrompt;
import dev.locus.data.Fact;
import dev.locus.data.Prompt;
import dev.locus.data.PromptEncoder;
import dev.locus.data.PromptFormat;
import dev.locus.localize.method.LinearProbe;
import dev.locus.localize.method.Probes;
import dev.locus.model.LocusModel;
import dev.locus.model.TokenBatch;
import dev.locus.model.hooks.ActivationCache;
import dev.locus.model.hooks.HookPoints;
import dev.locus.model.hooks.Hooks;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Where a model looks a fact up, measured on any loaded model and fact set (not only the demo's training-time
 * objects): accuracy when single attention or MLP outputs are mean-ablated at the subject's tokens or the final
 * position, linear probes for the attribute at the subject's last token or the final token (also on an edited model,
 * for its true attribute and its edit target), and where an attention layer looks from the subject's last token.
 * Each prompt must name its subject as a span of whole tokens.
 */
public final class MechanismChecks {
    private static final int CHUNK = 1024;
    private static final double PROBE_L2 = 1e-3;
    private static final int PROBE_ITERATIONS = 300;

    /** A component's output: the attention layer's (heads summed) or the MLP's. */
    public enum Site {
        ATTN, MLP;

        String hook(int layer) {
            return this == ATTN ? HookPoints.attnOut(layer) : HookPoints.mlpOut(layer);
        }
    }

    /** One position per prompt. */
    public enum Position { SUBJECT_FIRST, SUBJECT_LAST, FINAL }

    /** The subject's tokens when a name is two tokens (first and last). */
    public static final Set<Position> SUBJECT = EnumSet.of(Position.SUBJECT_FIRST, Position.SUBJECT_LAST);

    /** A component's output replaced, at each of {@code at}, by its mean over the prompts at that position. */
    public record Ablation(Site site, int layer, Set<Position> at) {
    }

    /** Argmax accuracy among the candidates, and the mean probability of the true one restricted to them. */
    public record Score(double accuracy, double probability) {
    }

    /** Probe accuracy per layer (index 0: the embeddings, l + 1: after block l), for the true and the edit target. */
    public record ProbeCurve(double[] trueAccuracy, double[] editAccuracy) {
    }

    private final LocusModel model;
    private final PromptEncoder encoder;
    private final PromptFormat format;

    public MechanismChecks(LocusModel model, PromptFormat format) {
        this.model = model;
        this.format = format;
        this.encoder = new PromptEncoder(model.requireTokenizer(), model.config().maxPositions());
    }

    /** Scores {@code facts} in the format with every ablation of {@code ablations} applied at once. */
    public Score score(List<Fact> facts, List<Ablation> ablations) {
        List<EncodedPrompt> prompts = encode(facts);
        int right = 0;
        double sum = 0;
        for (int start = 0; start < prompts.size(); start += CHUNK) {
            List<EncodedPrompt> chunk = prompts.subList(start, Math.min(prompts.size(), start + CHUNK));
            try (NDManager scope = model.transformer().weights().manager().newSubManager()) {
                TokenBatch batch = batch(chunk);
                Hooks hooks = hooks(chunk, batch.length(), ablations, scope);
                float[] logp = model.transformer().forwardLast(scope, batch, hooks).logSoftmax(1)
                        .toType(DataType.FLOAT32, false).toFloatArray();
                int vocab = model.config().vocabSize();
                for (int b = 0; b < chunk.size(); b++) {
                    EncodedPrompt e = chunk.get(b);
                    double[] p = dev.locus.eval.FormatScorer.renormalize(logp, b * vocab, e.answerTokens());
                    int best = 0;
                    for (int c = 1; c < p.length; c++) {
                        best = p[c] > p[best] ? c : best;
                    }
                    int correct = e.prompt().correct();
                    right += best == correct ? 1 : 0;
                    sum += p[correct];
                }
            }
        }
        return new Score((double) right / prompts.size(), sum / prompts.size());
    }

    /** The same ablation of one component at each position set in turn, for every layer. */
    public Score[] eachLayer(List<Fact> facts, Site site, Set<Position> at) {
        Score[] out = new Score[model.config().nLayers()];
        for (int l = 0; l < out.length; l++) {
            out[l] = score(facts, List.of(new Ablation(site, l, at)));
        }
        return out;
    }

    /**
     * Probes trained on {@code train}'s true attributes (among {@code classes}) at {@code at}, read on {@code test}:
     * how often they find the true attribute and how often the edit target (NaN-free: 0 when no test fact has one).
     */
    public ProbeCurve probe(Position at, List<Fact> train, List<Fact> test, List<String> classes) {
        List<EncodedPrompt> tr = encode(train);
        List<EncodedPrompt> te = encode(test);
        double[][][] x = Probes.residuals(model.transformer(), ids(tr), positions(tr, at));
        double[][][] xt = Probes.residuals(model.transformer(), ids(te), positions(te, at));
        java.util.Map<String, Fact> byId = new java.util.HashMap<>();
        train.forEach(f -> byId.put(f.id(), f));
        test.forEach(f -> byId.put(f.id(), f));
        int[] y = tr.stream().mapToInt(e -> classes.indexOf(byId.get(e.prompt().factId()).attribute())).toArray();
        double[] t = new double[x.length];
        double[] ed = new double[x.length];
        for (int l = 0; l < x.length; l++) {
            LinearProbe p = LinearProbe.fit(x[l], y, classes.size(), PROBE_L2, PROBE_ITERATIONS);
            for (int i = 0; i < te.size(); i++) {
                Fact f = byId.get(te.get(i).prompt().factId());
                int predicted = p.predict(xt[l][i]);
                t[l] += predicted == classes.indexOf(f.attribute()) ? 1.0 / te.size() : 0;
                ed[l] += f.editTarget() != null && predicted == classes.indexOf(f.editTarget()) ? 1.0 / te.size() : 0;
            }
        }
        return new ProbeCurve(t, ed);
    }

    /** Per head of {@code layer}, the mean attention weight from position {@code from} to position {@code to}. */
    public double[] attention(List<Fact> facts, int layer, Position from, Position to) {
        List<EncodedPrompt> prompts = encode(facts);
        int heads = model.config().nHeads();
        double[] out = new double[heads];
        for (int start = 0; start < prompts.size(); start += CHUNK) {
            List<EncodedPrompt> chunk = prompts.subList(start, Math.min(prompts.size(), start + CHUNK));
            try (NDManager scope = model.transformer().weights().manager().newSubManager()) {
                TokenBatch batch = batch(chunk);
                ActivationCache cache = new ActivationCache();
                model.transformer().forwardLast(scope, batch, new Hooks().cache(cache, List.of(HookPoints.pattern(layer))));
                float[] p = cache.get(HookPoints.pattern(layer)).toType(DataType.FLOAT32, false).toFloatArray();
                int t = batch.length();
                for (int b = 0; b < chunk.size(); b++) {
                    int q = padded(chunk.get(b), t, from);
                    int k = padded(chunk.get(b), t, to);
                    for (int h = 0; h < heads; h++) {
                        out[h] += p[((b * heads + h) * t + q) * t + k] / prompts.size();   // [batch, head, query, key]
                    }
                }
            }
        }
        return out;
    }

    private Hooks hooks(List<EncodedPrompt> chunk, int length, List<Ablation> ablations, NDManager scope) {
        Hooks hooks = new Hooks();
        DataType type = model.transformer().weights().dataType();
        for (Ablation a : ablations) {
            List<NDArray> masks = new ArrayList<>();          // one [batch, pos, 1] 0/1 mask per position class
            for (Position p : a.at()) {
                float[] m = new float[chunk.size() * length];
                for (int b = 0; b < chunk.size(); b++) {
                    m[b * length + padded(chunk.get(b), length, p)] = 1f;
                }
                masks.add(scope.create(m, new Shape(chunk.size(), length, 1)).toType(type, false));
            }
            int n = chunk.size();
            hooks.add(a.site().hook(a.layer()), (name, x) -> {
                NDArray out = x;
                for (NDArray mask : masks) {
                    NDArray mean = x.mul(mask).sum(new int[] {0, 1}, true).div(n);   // [1, 1, d_model]
                    out = out.mul(mask.neg().add(1)).add(mask.mul(mean));
                }
                return out;
            });
        }
        return hooks;
    }

    private List<EncodedPrompt> encode(List<Fact> facts) {
        List<EncodedPrompt> out = new ArrayList<>();
        for (Fact f : facts) {
            for (Prompt p : format.render(f)) {
                EncodedPrompt e = encoder.encode(p, f.subject());
                if (!e.hasSubject()) {
                    throw new LocusException("fact " + f.id() + ": subject '" + f.subject() + "' is not a span of whole"
                            + " tokens in format " + format.name());
                }
                out.add(e);
            }
        }
        return out;
    }

    private static int position(EncodedPrompt e, Position p) {
        return switch (p) {
            case SUBJECT_FIRST -> e.subjectStart();
            case SUBJECT_LAST -> e.subjectEnd() - 1;
            case FINAL -> e.ids().length - 1;
        };
    }

    /** The position in a left-padded row of {@code length}. */
    private static int padded(EncodedPrompt e, int length, Position p) {
        return length - e.ids().length + position(e, p);
    }

    private static int[] positions(List<EncodedPrompt> prompts, Position p) {
        return prompts.stream().mapToInt(e -> position(e, p)).toArray();
    }

    private static List<int[]> ids(List<EncodedPrompt> prompts) {
        return prompts.stream().map(EncodedPrompt::ids).toList();
    }

    private static TokenBatch batch(List<EncodedPrompt> chunk) {
        return TokenBatch.of(ids(chunk), TokenBatch.Padding.LEFT, 0);
    }
}
