package dev.locus.localize;

import dev.locus.core.LocusException;
import dev.locus.localize.method.Corruption;
import dev.locus.localize.method.Metric;
import java.util.Arrays;
import java.util.List;

/**
 * A named set of localization settings, what a method runs with unless an option says otherwise. {@code paper}: the
 * paper's code (src/docs/paper.md §3.1-3.2): subjects replaced by random ASCII tokens of the vocabulary for
 * attribution, activation and path patching, plain attribution patching (one gradient step), and causal tracing with
 * noise of std sqrt(3 sd) of each prompt's subject embeddings scored by the full-vocabulary probability of the answer
 * after restoring. {@code locus}: our earlier settings: another subject's tokens (subject swap), attribution
 * patching with 2 integrated-gradient steps, causal tracing with ROME's 3 sd noise scored by the indirect effect on the
 * answer's probability among the candidates.
 */
public enum Preset {
    PAPER("paper"), LOCUS("locus");

    private final String text;

    Preset(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(Preset::text).toList();
    }

    /** The preset named {@code text}; anything else is a LocusException listing the names. */
    public static Preset parse(String text) {
        for (Preset p : values()) {
            if (p.text.equals(text == null ? "" : text.strip())) {
                return p;
            }
        }
        throw new LocusException("preset '" + text + "' not understood; expected " + String.join(" or ", names()));
    }

    /** The corruption's kind for {@code method}: noise for causal tracing, else random-ascii (paper) or subject-swap. */
    public Corruption.Kind corruption(Localization.Method method) {
        if (method == Localization.Method.CAUSAL_TRACING) {
            return Corruption.Kind.NOISE;
        }
        return this == PAPER ? Corruption.Kind.RANDOM_ASCII : Corruption.Kind.SUBJECT_SWAP;
    }

    /** The noise scale: sqrt3sd per prompt (paper) or 3sd of the set (ROME, ours). */
    public String noise() {
        return this == PAPER ? "sqrt3sd" : "3sd";
    }

    /** Causal tracing: full-vocab-prob (paper) or prob among the candidates; logit-diff for the others. */
    public Metric metric(Localization.Method method) {
        if (method == Localization.Method.CAUSAL_TRACING) {
            return this == PAPER ? Metric.FULL_VOCAB_PROB : Metric.PROB;
        }
        return Metric.LOGIT_DIFF;
    }

    /** Attribution patching's gradient steps: 1 (plain, the paper's) or 2 (integrated gradients). */
    public int igSteps() {
        return this == PAPER ? 1 : 2;
    }

    /** Causal tracing scores the metric after restoring (paper) rather than the indirect effect. */
    public boolean rawTracingScore() {
        return this == PAPER;
    }
}
