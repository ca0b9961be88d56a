package dev.locus.data;

import java.util.List;
import java.util.Objects;

/**
 * One text to give the model and the continuations to score after it. Use it to evaluate or train on a fact in
 * one format: renormalize the model's probabilities over {@code answers}, then read {@code correct} (the true
 * attribute) and {@code edit} (the edit target).
 *
 * @param factId the fact this prompt asks about (for neighborhood prompts: the fact they guard)
 * @param format the prompt format's name
 * @param text the prompt, without the answer
 * @param answers continuations with a leading space: " football", ... for completion, " A", ... for choice
 * @param correct index in answers of the true attribute
 * @param edit index in answers of the edit target, or -1 when there is none or the edit must not change it
 * @param chat the messages to render through the model's chat template, for a format that asks for it; null
 *     otherwise. A model without a chat template reads {@code text} instead.
 */
public record Prompt(String factId, String format, String text, List<String> answers, int correct, int edit,
        Chat chat) {

    /** A chat prompt's messages: the system message (empty for none) and the user message. */
    public record Chat(String system, String user) {
        public Chat {
            Objects.requireNonNull(system, "system");
            Objects.requireNonNull(user, "user");
        }
    }

    /** A prompt read as plain text by every model. */
    public Prompt(String factId, String format, String text, List<String> answers, int correct, int edit) {
        this(factId, format, text, answers, correct, edit, null);
    }

    public Prompt {
        Objects.requireNonNull(factId, "factId");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(text, "text");
        answers = List.copyOf(answers);
        if (correct < 0 || correct >= answers.size()) {
            throw new IllegalArgumentException("correct " + correct + " is outside answers " + answers);
        }
        if (edit < -1 || edit >= answers.size() || edit == correct) {
            throw new IllegalArgumentException("edit " + edit + " is not -1 or another index of answers " + answers);
        }
    }

    /** The continuation of the true attribute. */
    public String correctAnswer() {
        return answers.get(correct);
    }

    /** The continuation of the edit target, or null when this prompt has none. */
    public String editAnswer() {
        return edit < 0 ? null : answers.get(edit);
    }
}
