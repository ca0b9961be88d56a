package dev.locus.data;

import dev.locus.core.LocusException;
import dev.locus.core.Messages;
import dev.locus.model.TextTokenizer;
import dev.locus.model.chat.ChatTemplate;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Turns prompts into token ids for a model's tokenizer: the prompt's ids, each answer's first token, and where the
 * subject's tokens are. Answer tokens are read off the tokenization of prompt + answer, so tokenizers that merge the
 * leading space (byte-level BPE, SentencePiece) are handled as they tokenize real text; the subject span is found
 * the same way, by tokenizing the text up to the subject's start and end.
 *
 * <p>A chat prompt ({@link Prompt#chat()}) on a model with a chat template is the template's text for its messages
 * with the generation prompt, tokenized as {@code transformers} tokenizes chat text: without adding special tokens
 * (the template writes its own BOS). The answer follows the generation prompt as the model would write it: after a
 * header that ends in a newline (Llama 3, Qwen, Gemma, Phi-3) without its leading space, else with it (Mistral's
 * "[/INST] golf"). On a model without a chat template it is the plain text, as any other prompt.
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
        ChatTemplate chat = p.chat() == null ? null : tokenizer.chatTemplate();
        String text = chat == null ? p.text() : rendered(chat, p.chat());
        Function<String, int[]> encode = chat == null ? tokenizer::encode : tokenizer::encodeContinuation;
        int[] ids = encode.apply(text);
        if (ids.length > maxPositions) {
            throw new LocusException("a prompt of " + ids.length + " tokens is longer than the model's " + maxPositions
                    + " positions (fact " + Messages.quote(p.factId()) + ", format " + Messages.quote(p.format())
                    + ")");
        }
        int start = -1;
        int end = -1;
        int at = subject == null || subject.isEmpty() ? -1 : text.lastIndexOf(subject);
        if (at >= 0) {
            int s = commonPrefix(encode.apply(text.substring(0, at)), ids);
            int e = commonPrefix(encode.apply(text.substring(0, at + subject.length())), ids);
            if (e > s) {
                start = s;
                end = e;
            }
        }
        boolean afterNewline = chat != null && !text.isEmpty() && Character.isWhitespace(text.charAt(text.length() - 1));
        return new EncodedPrompt(p, ids, answerTokens(p, text, ids, encode, afterNewline), start, end);
    }

    /**
     * The text of a chat prompt through the model's template: system and user messages (user alone when there is no
     * system text) with the generation prompt. A template Locus cannot render is a one-line LocusException.
     */
    public static String rendered(ChatTemplate template, Prompt.Chat chat) {
        return chat.system().isEmpty()
                ? template.render(List.of(new ChatTemplate.Message("user", chat.user())), true)
                : template.renderSystemAndUser(chat.system(), chat.user()).text();
    }

    private int[] answerTokens(Prompt p, String text, int[] promptIds, Function<String, int[]> encode,
            boolean stripSpace) {
        int[] firsts = new int[p.answers().size()];
        for (int c = 0; c < firsts.length; c++) {
            String answer = stripSpace ? p.answers().get(c).stripLeading() : p.answers().get(c);
            int[] full = encode.apply(text + answer);
            boolean prefix = full.length > promptIds.length
                    && Arrays.equals(Arrays.copyOf(full, promptIds.length), promptIds);
            firsts[c] = prefix ? full[promptIds.length] : firstOfContinuation(answer);
            for (int d = 0; d < c; d++) {
                if (firsts[d] == firsts[c]) {
                    throw new LocusException("format '" + p.format() + "': answers '" + p.answers().get(d).strip()
                            + "' and '" + p.answers().get(c).strip() + "' begin with the same token, so they cannot be told apart");
                }
            }
        }
        return firsts;
    }

    /**
     * When prompt + answer does not extend the prompt's tokens, the answer's own first token. An answer with a
     * leading space is read after a word: SentencePiece puts "▁" before every text, so " golf" alone would be
     * "▁" + "▁golf" and its first token the lone "▁".
     */
    int firstOfContinuation(String answer) {
        int[] ids = tokenizer.encodeContinuation(answer);
        if (!answer.isEmpty() && Character.isWhitespace(answer.charAt(0))) {
            int[] word = tokenizer.encodeContinuation("a");
            int[] both = tokenizer.encodeContinuation("a" + answer);
            if (both.length > word.length && commonPrefix(word, both) == word.length) {
                ids = Arrays.copyOfRange(both, word.length, both.length);
            }
        }
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
