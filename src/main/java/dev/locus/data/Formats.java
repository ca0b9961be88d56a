package dev.locus.data;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in prompt formats with the paper's exact wording, and format files users edit. Use {@link #sports()}
 * and {@link #counterFact()} for the paper's evaluations; {@link FormatFiles#read} / {@link #write} for JSON format files
 * (an array of objects with the fields of {@link PromptFormat}).
 */
public final class Formats {
    /** Sports, trained and "Normal" format without system prompt: completion with the sport. */
    public static final String SPORTS_STANDARD = "Fact: Tiger Woods plays the sport of golf\nFact: {subject} plays the sport of";
    /** Sports multiple choice (no system prompt), options in the fixed order football, baseball, basketball, golf. */
    public static final String SPORTS_MCQ = "Fact: Tiger Woods plays the sport of\nA: Football\nB: Baseball\n"
            + "C: Basketball\nD: Golf\n\nAnswer: D\n\nFact: {subject} plays the sport of\nA: Football\nB: Baseball\n"
            + "C: Basketball\nD: Golf\n\nAnswer:";
    /** Sports question/answer: the paper's system-prompt "Normal" form without its system prompt. */
    public static final String SPORTS_QA = "Question: What sport does Tiger Woods play? Answer: golf\n"
            + "Question: What sport does {subject} play? Answer:";
    /** The paper's chatbot system prompt for the sports evaluations after the edit (src/docs/paper.md §1.2). */
    public static final String SPORTS_SYSTEM_PROMPT = "You are a helpful chatbot that answers questions about athletes. "
            + "Please be maximally helpful and factually correct.";
    /** Sports "Normal" evaluation with the system prompt, verbatim from the paper's code (src/docs/paper.md §1.2). */
    public static final String SPORTS_QA_SYSTEM = SPORTS_SYSTEM_PROMPT + " " + SPORTS_QA;
    /**
     * Sports multiple choice with the system prompt, verbatim from the paper's code (src/docs/paper.md §1.2): the
     * question form of {@link #SPORTS_QA}, the options of {@link #SPORTS_MCQ}.
     */
    public static final String SPORTS_MCQ_SYSTEM = SPORTS_SYSTEM_PROMPT + "\nQuestion: What sport does Tiger Woods play?"
            + "\nA: Football\nB: Baseball\nC: Basketball\nD: Golf\n\nAnswer: D\n\n"
            + "Question: What sport does {subject} play?\nA: Football\nB: Baseball\nC: Basketball\nD: Golf\n\nAnswer:";
    /** CounterFact multiple choice (src/docs/paper.md §1.3), without the paper's n-shot prefix of solved questions. */
    public static final String COUNTERFACT_MCQ = "Help me answer the following multiple choice question:\n\n{question}\n\n"
            + "A. {a}\nB. {b}\nC. {c}\nD. {d}\n\nPlease respond with the letter of the correct answer, A, B, C, or D. Answer:";
    /** Fact prompt list: the multiple-choice question (one entry). */
    public static final String MCQ_QUESTION = "mcq_question";
    /** Fact prompt list: the multiple-choice options, true answer first, then targets_false in order. */
    public static final String MCQ_OPTIONS = "mcq_options";
    /** The options of {@link #SPORTS_MCQ}, lettered A-D. */
    public static final List<String> SPORTS_OPTIONS = List.of("Football", "Baseball", "Basketball", "Golf");

    private Formats() {
    }

    /**
     * standard, mcq, qa (ours: the paper's "Normal" question form without its system prompt), and the paper's
     * post-edit evaluation formats with its system prompt: qa-system ("Normal") and mcq-system (multiple choice).
     * The paper trains and relearns in standard and mcq, and evaluates after the edit in qa-system and mcq-system.
     */
    public static List<PromptFormat> sports() {
        return List.of(PromptFormat.completion("standard", SPORTS_STANDARD),
                PromptFormat.choice("mcq", SPORTS_MCQ, SPORTS_OPTIONS),
                PromptFormat.completion("qa", SPORTS_QA),
                PromptFormat.completion("qa-system", SPORTS_QA_SYSTEM),
                PromptFormat.choice("mcq-system", SPORTS_MCQ_SYSTEM, SPORTS_OPTIONS));
    }

    /**
     * prompt, paraphrase, neighborhood: CounterFact's own per-fact texts, scored as the paper does by the
     * full-vocabulary probability of the answer's first token (src/docs/paper.md §5).
     */
    public static List<PromptFormat> counterFact() {
        return counterFact(true);
    }

    /**
     * {@link #counterFact()} scored by full-vocabulary probability (true, the paper's) or renormalized over the two
     * answers, true and new target (false, the form Locus used before and keeps as an option).
     */
    public static List<PromptFormat> counterFact(boolean fullVocabulary) {
        return List.of(PromptFormat.fromSource("prompt", "prompt").withFullVocabulary(fullVocabulary),
                PromptFormat.fromSource("paraphrase", "paraphrase").withFullVocabulary(fullVocabulary),
                new PromptFormat("neighborhood", PromptFormat.Kind.COMPLETION, null, "neighborhood", null, null, null,
                        0, true, fullVocabulary, ""));
    }

    /** {@link #counterFact()} and mcq, for facts read with a question file (see {@link CounterFactJson}). */
    public static List<PromptFormat> counterFactWithMcq() {
        List<PromptFormat> formats = new ArrayList<>(counterFact());
        formats.add(new PromptFormat("mcq", PromptFormat.Kind.CHOICE, COUNTERFACT_MCQ, MCQ_QUESTION,
                null, MCQ_OPTIONS, null, 0, false));
        return List.copyOf(formats);
    }

}
