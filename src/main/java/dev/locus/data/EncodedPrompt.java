package dev.locus.data;

/**
 * A prompt as token ids, with what scoring and localization need to know about them. Use {@link PromptEncoder} to
 * make it.
 *
 * @param prompt the prompt it encodes
 * @param ids the prompt's token ids, with the tokenizer's special tokens (a BOS, say)
 * @param answerTokens for each of the prompt's answers, the first token it continues the prompt with; distinct
 * @param subjectStart index in ids of the subject's first token, or -1 when the subject is not a token span of
 *     the prompt (or none was asked for)
 * @param subjectEnd index in ids one past the subject's last token, or -1
 */
public record EncodedPrompt(Prompt prompt, int[] ids, int[] answerTokens, int subjectStart, int subjectEnd) {

    /** Whether the subject was found as a span of tokens. */
    public boolean hasSubject() {
        return subjectStart >= 0;
    }

    /** Tokens in the subject span. */
    public int subjectLength() {
        return hasSubject() ? subjectEnd - subjectStart : 0;
    }

    /** The answer token of the true attribute. */
    public int correctToken() {
        return answerTokens[prompt.correct()];
    }
}
