package dev.locus.core;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * The "did you mean" of an unknown field or name: the known one written differently ({@code editFormat} for
 * {@code edit_format}), a common other name ({@code learning_rate} for {@code lr}), or the nearest by edit distance.
 */
public final class FieldSuggestions {
    /**
     * Common other names of fields (most from experiment configs), normalized (lower case, no separators); an alias
     * is suggested only where its field is one of the known ones.
     */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("learningrate", "lr"), Map.entry("rate", "lr"), Map.entry("batchsize", "batch"),
            Map.entry("numsteps", "steps"), Map.entry("nsteps", "steps"), Map.entry("maxsteps", "steps"),
            Map.entry("epochs", "steps"), Map.entry("iters", "iterations"), Map.entry("maxiter", "iterations"),
            Map.entry("maxiters", "iterations"), Map.entry("wd", "weight_decay"), Map.entry("gradclip", "clip"),
            Map.entry("clipnorm", "clip"), Map.entry("maxgradnorm", "clip"), Map.entry("warmupsteps", "warmup"),
            Map.entry("seed", "seeds"), Map.entry("method", "methods"), Map.entry("dataset", "data"),
            Map.entry("modelpath", "model"), Map.entry("lorarank", "rank"), Map.entry("r", "rank"),
            Map.entry("loraalpha", "alpha"), Map.entry("l2reg", "l2"), Map.entry("regularization", "l2"),
            Map.entry("forgetset", "forget"), Map.entry("target", "edit_target"), Map.entry("loss", "objective"),
            Map.entry("probe", "probes"), Map.entry("figure", "figures"), Map.entry("plots", "figures"),
            Map.entry("resolution", "dpi"), Map.entry("layers", "flu_layers"), Map.entry("igsteps", "ig_steps"),
            Map.entry("evalevery", "eval_every"), Map.entry("enable", "enabled"));

    private FieldSuggestions() {
    }

    /** The known field closest to an unknown one, or null when none is close. */
    public static String suggest(String unknown, Collection<String> known) {
        String u = normalize(unknown);
        for (String k : known) {
            if (normalize(k).equals(u)) {
                return k; // editFormat, edit-format, EDIT_FORMAT
            }
        }
        String alias = ALIASES.get(u);
        if (alias != null && known.contains(alias)) {
            return alias;
        }
        String initials = initials(unknown);
        if (initials.length() >= 2 && known.contains(initials)) {
            return initials; // learning_rate -> lr
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            String nk = normalize(k);
            int d = distance(u, nk);
            int allowed = Math.min(u.length(), nk.length()) < 5 ? 1 : 2;
            if (d <= allowed && d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        if (best != null) {
            return best;
        }
        for (String k : known) {
            String nk = normalize(k);
            boolean contains = nk.length() >= 4 && u.contains(nk) || u.length() >= 4 && nk.contains(u);
            if (contains && (best == null || nk.length() > normalize(best).length())) {
                best = k; // num_iterations -> iterations, rise -> flu_rise
            }
        }
        return best;
    }

    private static String normalize(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    /** First letters of the words of snake_case, kebab-case or camelCase: learning_rate, learningRate -> lr. */
    private static String initials(String s) {
        StringBuilder b = new StringBuilder();
        String[] words = s.replaceAll("([a-z0-9])([A-Z])", "$1_$2").split("[^A-Za-z0-9]+");
        for (String w : words) {
            if (!w.isEmpty()) {
                b.append(Character.toLowerCase(w.charAt(0)));
            }
        }
        return b.toString();
    }

    /** Edit distance counting a swap of neighbours as one edit (optimal string alignment). */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
