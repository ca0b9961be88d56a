package dev.locus.data;

import java.util.List;

/** A multiple-choice question of a general-capability set (MMLU style): four options and the right letter. */
public record Question(String question, List<String> options, int answer) {
    public static final List<String> LETTERS = List.of("A", "B", "C", "D");

    public Question {
        options = List.copyOf(options);
        if (options.size() != 4 || answer < 0 || answer > 3) {
            throw new IllegalArgumentException("a question needs 4 options and an answer 0-3");
        }
    }

    /** The prompt: the question, the lettered options, then "Answer:"; the model should continue with " A".." D". */
    public String prompt() {
        StringBuilder s = new StringBuilder("Question: ").append(question);
        for (int i = 0; i < 4; i++) {
            s.append('\n').append(LETTERS.get(i)).append(": ").append(options.get(i));
        }
        return s.append("\n\nAnswer:").toString();
    }
}
