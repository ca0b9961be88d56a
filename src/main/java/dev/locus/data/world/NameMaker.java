package dev.locus.data.world;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/** Pronounceable made-up words from syllables, distinct from each other and from words already taken. */
final class NameMaker {
    private static final String[] ONSETS = {"b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z",
        "br", "dr", "gr", "kr", "tr", "st", "sh", "ch"};
    private static final String[] VOWELS = {"a", "e", "i", "o", "u", "ai", "ou", "ei"};
    private static final String[] CODAS = {"", "", "", "n", "r", "l", "s", "k", "m"};

    private final SplittableRandom random;
    private final Set<String> taken;

    NameMaker(SplittableRandom random, Set<String> taken) {
        this.random = random;
        this.taken = taken;
    }

    /** {@code n} new capitalized words of {@code syllables} syllables. */
    List<String> words(int n, int syllables) {
        Set<String> out = new LinkedHashSet<>();
        while (out.size() < n) {
            StringBuilder w = new StringBuilder();
            for (int s = 0; s < syllables; s++) {
                w.append(pick(ONSETS)).append(pick(VOWELS)).append(pick(CODAS));
            }
            String word = Character.toUpperCase(w.charAt(0)) + w.substring(1);
            if (taken.add(word.toLowerCase(java.util.Locale.ROOT))) {
                out.add(word);
            }
        }
        return new ArrayList<>(out);
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }
}
