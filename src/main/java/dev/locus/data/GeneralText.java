package dev.locus.data;

import dev.locus.model.TextTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * General text (the paper's Pile) as the edits and the evaluation read it: each line tokenized on its own and cut to
 * its first {@link #CONTEXT} tokens, as the paper's Pile task cuts each document to {@code ctx_length} 100
 * (src/docs/paper.md §4). A window, never a whole line: a long line at a large vocabulary would otherwise cost
 * positions x vocabulary in logits.
 */
public final class GeneralText {
    /** Tokens per general-text example: the paper's {@code ctx_length}. */
    public static final int CONTEXT = 100;

    private GeneralText() {
    }

    /**
     * Each line's first {@code min(CONTEXT, maxPositions)} token ids; lines of fewer than two tokens are dropped (they
     * have no next token to predict).
     */
    public static List<int[]> windows(TextTokenizer tokenizer, List<String> lines, int maxPositions) {
        int window = Math.min(CONTEXT, maxPositions);
        List<int[]> out = new ArrayList<>();
        for (String line : lines) {
            int[] ids = tokenizer.encode(line);
            if (ids.length >= 2) {
                out.add(ids.length > window ? Arrays.copyOf(ids, window) : ids);
            }
        }
        return out;
    }
}
