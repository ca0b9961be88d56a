package dev.locus.localize.method;

import dev.locus.core.LocusException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * How a clean prompt is corrupted so that the model can no longer recall the fact: the subject's tokens replaced
 * (by another subject's tokens of the same length; by random tokens of this dataset's subjects; or, as the paper's
 * code does, by random tokens of the whole vocabulary whose text is ASCII, src/docs/paper.md §3.2), or Gaussian
 * noise added to the subject's embeddings (causal tracing). Token corruptions keep every prompt's length, so clean
 * and corrupted activations line up position by position.
 *
 * @param noise the noise's standard deviation: {@code 3sd} (ROME: three times the standard deviation of all the
 *     set's subject embeddings), {@code sqrt3sd} (the paper's code: the square root of three times the standard
 *     deviation of each prompt's own subject embeddings) or a number
 * @param seed fixes every random choice
 */
public record Corruption(Kind kind, String noise, long seed) {

    public enum Kind {
        SUBJECT_SWAP("subject-swap"), RANDOM_TOKENS("random-tokens"), RANDOM_ASCII("random-ascii"), NOISE("noise");

        private final String text;

        Kind(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    public Corruption {
        if (kind == Kind.NOISE) {
            noiseMultiplier(noise);   // fails early on a bad value
        }
    }

    /** Every kind's name, as configs and the command line spell it. */
    public static List<String> names() {
        return Arrays.stream(Kind.values()).map(Kind::text).toList();
    }

    /** Parses {@code subject-swap}, {@code random-tokens}, {@code random-ascii} or {@code noise}. */
    public static Corruption parse(String kind, String noise, long seed) {
        for (Kind k : Kind.values()) {
            if (k.text.equals(kind.toLowerCase(Locale.ROOT).strip())) {
                return new Corruption(k, noise == null ? "3sd" : noise, seed);
            }
        }
        throw new LocusException("corruption '" + kind + "' not understood; expected " + String.join(", ", names()));
    }

    public boolean isNoise() {
        return kind == Kind.NOISE;
    }

    /** Whether the noise's scale comes from each prompt's own subject embeddings ({@code sqrt3sd}), not the set's. */
    public boolean perPromptNoise() {
        return isNoise() && noise.strip().toLowerCase(Locale.ROOT).equals("sqrt3sd");
    }

    /** The noise's scale in words, for settings lines: "3 sd of the subject embeddings = 0.42". */
    public String noiseText(double setStd) {
        return perPromptNoise() ? "sqrt(3 sd) of each prompt's subject embeddings"
                : String.format(Locale.ROOT, "std %.4g", noiseStd(setStd));
    }

    /** The noise's standard deviation given the subject embeddings' own (the set's, or the prompt's for sqrt3sd). */
    public double noiseStd(double subjectEmbeddingStd) {
        String n = noise.strip().toLowerCase(Locale.ROOT);
        if (n.equals("3sd")) {
            return 3 * subjectEmbeddingStd;
        }
        if (n.equals("sqrt3sd")) {
            return Math.sqrt(3 * subjectEmbeddingStd);
        }
        return noiseMultiplier(noise);
    }

    private static double noiseMultiplier(String noise) {
        String n = noise == null ? "" : noise.strip().toLowerCase(Locale.ROOT);
        if (n.equals("3sd") || n.equals("sqrt3sd")) {
            return 0;
        }
        try {
            double v = Double.parseDouble(n);
            if (v > 0 && Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // falls through to the message
        }
        throw new LocusException("noise '" + noise + "' not understood; expected 3sd, sqrt3sd or a positive number");
    }

    /**
     * The corrupted token ids of each item, the same length as its clean ids; for noise, the clean ids (the noise is
     * added to the embeddings during the run).
     *
     * @param asciiTokens the vocabulary's ASCII tokens ({@code TextTokenizer.asciiTokens}); read for random-ascii only
     */
    public int[][] corruptIds(LocalizationSet set, java.util.function.Supplier<int[]> asciiTokens) {
        List<LocalizationSet.Item> items = set.items();
        int[][] out = new int[items.size()][];
        Random random = new Random(seed);
        int[] pool = kind == Kind.RANDOM_ASCII ? asciiTokens.get() : subjectTokens(items);
        if (kind == Kind.RANDOM_ASCII && pool.length < 2) {
            throw new LocusException("corruption " + kind.text() + ": the vocabulary has " + pool.length
                    + " token(s) to draw from; at least 2 are needed");
        }
        for (int i = 0; i < items.size(); i++) {
            LocalizationSet.Item it = items.get(i);
            int[] ids = it.ids().clone();
            int s = it.prompt().subjectStart();
            int e = it.prompt().subjectEnd();
            switch (kind) {
                case NOISE -> { }
                case SUBJECT_SWAP -> {
                    LocalizationSet.Item partner = partner(items, i, random);
                    if (partner == null) {
                        randomTokens(ids, s, e, pool, random);
                    } else {
                        System.arraycopy(partner.ids(), s, ids, s, e - s);
                    }
                }
                case RANDOM_TOKENS, RANDOM_ASCII -> randomTokens(ids, s, e, pool, random);
                default -> throw new IllegalStateException(kind.toString());
            }
            out[i] = ids;
        }
        return out;
    }

    /**
     * Another item whose subject sits at the same tokens in a prompt of the same length, preferably one with another
     * attribute (so the corrupted prompt points elsewhere); null when there is none.
     */
    private static LocalizationSet.Item partner(List<LocalizationSet.Item> items, int i, Random random) {
        LocalizationSet.Item me = items.get(i);
        List<LocalizationSet.Item> other = new ArrayList<>();
        List<LocalizationSet.Item> same = new ArrayList<>();
        for (int j = 0; j < items.size(); j++) {
            LocalizationSet.Item c = items.get(j);
            if (j == i || c.length() != me.length() || c.prompt().subjectStart() != me.prompt().subjectStart()
                    || c.prompt().subjectEnd() != me.prompt().subjectEnd() || sameSubject(c, me)) {
                continue;
            }
            (c.fact().attribute().equals(me.fact().attribute()) ? same : other).add(c);
        }
        List<LocalizationSet.Item> from = other.isEmpty() ? same : other;
        return from.isEmpty() ? null : from.get(random.nextInt(from.size()));
    }

    private static boolean sameSubject(LocalizationSet.Item a, LocalizationSet.Item b) {
        int s = a.prompt().subjectStart();
        int e = a.prompt().subjectEnd();
        return Arrays.equals(Arrays.copyOfRange(a.ids(), s, e), Arrays.copyOfRange(b.ids(), s, e));
    }

    /** Each subject position gets a pool token that is none of the subject's own (so the subject always changes). */
    private static void randomTokens(int[] ids, int s, int e, int[] pool, Random random) {
        Set<Integer> own = new LinkedHashSet<>();
        for (int p = s; p < e; p++) {
            own.add(ids[p]);
        }
        for (int p = s; p < e; p++) {
            int t;
            int tries = 0;
            do {
                t = pool[random.nextInt(pool.length)];
            } while (own.contains(t) && ++tries < 100);
            ids[p] = t;
        }
    }

    /** Every token that some subject of the set uses, in first-seen order. */
    private static int[] subjectTokens(List<LocalizationSet.Item> items) {
        Set<Integer> tokens = new LinkedHashSet<>();
        for (LocalizationSet.Item it : items) {
            for (int p = it.prompt().subjectStart(); p < it.prompt().subjectEnd(); p++) {
                tokens.add(it.ids()[p]);
            }
        }
        return tokens.stream().mapToInt(Integer::intValue).toArray();
    }
}
