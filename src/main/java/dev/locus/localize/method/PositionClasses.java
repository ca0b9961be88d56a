package dev.locus.localize.method;

import dev.locus.model.TextTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Token positions grouped so that prompts of different lengths can be averaged position by position (causal tracing
 * heatmaps, per-position patching). Tokens before the subject are one class each when every prompt has the same ones
 * (a shared template), else one class; the subject is {@code subject-first}, {@code subject-middle} (all inner
 * tokens, when some subject has three or more) and {@code subject-last}, a one-token subject being both first and
 * last; tokens after it are one class each when shared, else ROME's {@code first-after}, {@code further} and
 * {@code final}. The final token is always its own class, the last.
 *
 * @param labels the classes in prompt order (shared tokens are labelled by their text)
 * @param positions [item][class]: the token indices of that class in the item's (unpadded) ids; may be empty
 */
public record PositionClasses(List<String> labels, int[][][] positions) {

    public static final String SUBJECT_FIRST = "subject-first";
    public static final String SUBJECT_MIDDLE = "subject-middle";
    public static final String SUBJECT_LAST = "subject-last";
    public static final String FINAL = "final";

    public static PositionClasses of(LocalizationSet set, TextTokenizer tokenizer) {
        List<LocalizationSet.Item> items = set.items();
        int[] prefix = shared(items, true);
        int[] suffix = shared(items, false);
        boolean middle = items.stream().anyMatch(it -> it.prompt().subjectLength() >= 3);
        List<String> labels = new ArrayList<>();
        if (prefix != null) {
            for (int t : prefix) {
                labels.add(label(tokenizer, t));
            }
        } else {
            labels.add("before-subject");
        }
        labels.add(SUBJECT_FIRST);
        if (middle) {
            labels.add(SUBJECT_MIDDLE);
        }
        labels.add(SUBJECT_LAST);
        if (suffix != null && suffix.length > 0) {
            for (int i = 0; i < suffix.length - 1; i++) {
                labels.add(label(tokenizer, suffix[i]));
            }
            labels.add(FINAL);
        } else if (suffix == null) {
            labels.add("first-after");
            labels.add("further");
            labels.add(FINAL);
        }
        int[][][] out = new int[items.size()][][];
        for (int i = 0; i < items.size(); i++) {
            LocalizationSet.Item it = items.get(i);
            int s = it.prompt().subjectStart();
            int e = it.prompt().subjectEnd();
            int n = it.length();
            List<int[]> classes = new ArrayList<>();
            if (prefix != null) {
                for (int p = 0; p < s; p++) {
                    classes.add(new int[] {p});
                }
            } else {
                classes.add(range(0, s));
            }
            classes.add(new int[] {s});
            if (middle) {
                classes.add(range(s + 1, Math.max(s + 1, e - 1)));
            }
            classes.add(new int[] {e - 1});
            if (suffix != null) {
                for (int p = e; p < n; p++) {
                    classes.add(new int[] {p});
                }
            } else {
                classes.add(e < n - 1 ? new int[] {e} : new int[0]);
                classes.add(range(Math.min(e + 1, n - 1), n - 1));
                classes.add(new int[] {n - 1});
            }
            out[i] = classes.toArray(new int[0][]);
        }
        return new PositionClasses(labels, out);
    }

    /**
     * The tokens every prompt has before (or after) its subject, or null when they differ; after the subject the
     * tokens must also leave the final token to the {@code final} class, so an empty shared suffix is null too
     * (the subject is then the last token and the final class is the subject's last token).
     */
    private static int[] shared(List<LocalizationSet.Item> items, boolean before) {
        int[] first = side(items.get(0), before);
        for (LocalizationSet.Item it : items) {
            if (!Arrays.equals(side(it, before), first)) {
                return null;
            }
        }
        return !before && first.length == 0 ? null : first;
    }

    private static int[] side(LocalizationSet.Item it, boolean before) {
        return before ? Arrays.copyOfRange(it.ids(), 0, it.prompt().subjectStart())
                : Arrays.copyOfRange(it.ids(), it.prompt().subjectEnd(), it.length());
    }

    private static int[] range(int from, int to) {
        int[] r = new int[Math.max(0, to - from)];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    private static String label(TextTokenizer tokenizer, int id) {
        String t = tokenizer.decode(id).strip();
        return t.isEmpty() ? "#" + id : t;
    }
}
