package dev.locus.data.world;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A tiny grammar of everyday sentences ("the small dog sees a red ball near the river ."): general text
 * whose next-token loss shows whether an edit damaged the model's language beyond the facts.
 */
final class EverydayGrammar {
    private static final String[] ADJECTIVES = {"small", "big", "red", "green", "old", "new", "quiet", "happy",
        "dark", "bright", "cold", "warm"};
    private static final String[] NOUNS = {"dog", "cat", "ball", "house", "river", "tree", "bird", "car", "book",
        "child", "garden", "road", "window", "teacher", "boat", "hill"};
    private static final String[] VERBS = {"sees", "finds", "likes", "follows", "carries", "watches", "paints",
        "visits"};
    private static final String[] PLACES = {"near", "behind", "under", "beside", "inside"};
    private static final String[] DETERMINERS = {"the", "a"};

    private EverydayGrammar() {
    }

    static List<String> sentences(SplittableRandom r, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder s = new StringBuilder();
            s.append(pick(r, DETERMINERS)).append(' ').append(pick(r, ADJECTIVES)).append(' ').append(pick(r, NOUNS))
                    .append(' ').append(pick(r, VERBS)).append(' ').append(pick(r, DETERMINERS)).append(' ');
            if (r.nextBoolean()) {
                s.append(pick(r, ADJECTIVES)).append(' ');
            }
            s.append(pick(r, NOUNS));
            if (r.nextInt(3) == 0) {
                s.append(' ').append(pick(r, PLACES)).append(" the ").append(pick(r, NOUNS));
            }
            out.add(s.append(" .").toString());
        }
        return out;
    }

    static Set<String> vocabulary() {
        Set<String> v = new LinkedHashSet<>();
        for (String[] words : new String[][] {ADJECTIVES, NOUNS, VERBS, PLACES, DETERMINERS}) {
            v.addAll(List.of(words));
        }
        return v;
    }

    private static String pick(SplittableRandom r, String[] options) {
        return options[r.nextInt(options.length)];
    }
}
