package dev.locus.data;

import dev.locus.core.LocusException;
import dev.locus.core.Messages;
import dev.locus.model.TextTokenizer;
import java.util.Arrays;

/**
 * Turns prompts into token ids for a model's tokenizer: the prompt's ids, each answer's first token, and where the
 * subject's tokens are. Answer tokens are read off the tokenization of prompt + answer, so tokenizers that merge the
 * leading space (byte-level BPE, SentencePiece) are handled as they tokenize real text; the subject span is found
 * the same way, by tokenizing the text up to the subject's start and end.
 */
public final class PromptEncoder {
    private final TextTokenizer tokenizer;
    private final int maxPositions;

    /** {@code maxPositions}: the model's context length; longer prompts are an error. */
    public PromptEncoder(TextTokenizer tokenizer, int maxPositions) {
        this.tokenizer = tokenizer;
        this.maxPositions = maxPositions;
    }

    /** Encodes {@code p} without looking for a subject. */
    public EncodedPrompt encode(Prompt p) {
        return encode(p, null);
    }

    /**
     * Encodes {@code p} and finds {@code subject} (its last occurrence in the text: templates such as the sports
     * one mention other people first) as a token span; -1 when it is not there or not a span of whole tokens.
     */
    public EncodedPrompt encode(Prompt p, String subject) {
        int[] ids = tokenizer.encode(p.text());
        if (ids.length > maxPositions) {
            throw new LocusException("a prompt of " + ids.length + " tokens is longer than the model's " + maxPositions
                    + " positions (fact " + Messages.quote(p.factId()) + ", format " + Messages.quote(p.format())
                    + ")");
        }
        int start = -1;
        int end = -1;
        int at = subject == null || subject.isEmpty() ? -1 : p.text().lastIndexOf(subject);
        if (at >= 0) {
            int s = commonPrefix(tokenizer.encode(p.text().substring(0, at)), ids);
            int e = commonPrefix(tokenizer.encode(p.text().substring(0, at + subject.length())), ids);
            if (e > s) {
                start = s;
                end = e;
            }
        }
        return new EncodedPrompt(p, ids, answerTokens(p, ids), start, end);
    }

    private int[] answerTokens(Prompt p, int[] promptIds) {
        int[] firsts = new int[p.answers().size()];
        for (int c = 0; c < firsts.length; c++) {
            int[] full = tokenizer.encode(p.text() + p.answers().get(c));
            boolean prefix = full.length > promptIds.length
                    && Arrays.equals(Arrays.copyOf(full, promptIds.length), promptIds);
            firsts[c] = prefix ? full[promptIds.length] : firstOfContinuation(p.answers().get(c));
            for (int d = 0; d < c; d++) {
                if (firsts[d] == firsts[c]) {
                    throw new LocusException("format '" + p.format() + "': answers '" + p.answers().get(d).strip()
                            + "' and '" + p.answers().get(c).strip() + "' begin with the same token, so they cannot be told apart");
                }
            }
        }
        return firsts;
    }

    /** When prompt + answer does not extend the prompt's tokens, the answer's own first token. */
    private int firstOfContinuation(String answer) {
        int[] ids = tokenizer.encodeContinuation(answer);
        if (ids.length == 0) {
            throw new LocusException("answer '" + answer + "' has no tokens");
        }
        return ids[0];
    }

    private static int commonPrefix(int[] a, int[] b) {
        int n = 0;
        while (n < a.length && n < b.length && a[n] == b[n]) {
            n++;
        }
        return n;
    }
}
