package dev.locus.edit;

import dev.locus.core.LocusException;
import dev.locus.data.EncodedPrompt;
import dev.locus.data.Fact;
import dev.locus.data.GeneralText;
import dev.locus.data.Prompt;
import dev.locus.data.PromptEncoder;
import dev.locus.data.PromptFormat;
import dev.locus.model.LocusModel;
import java.util.ArrayList;
import java.util.List;

/**
 * What an edit trains on, tokenized once: the forget prompts with their target tokens (the edit target, or the true
 * answer for pure unlearning), the maintain prompts with their true answers, and general text for the next-token
 * loss (the paper's Pile).
 *
 * @param forget forget prompts in the edit format
 * @param forgetTargets per forget prompt, the token the edit loss reads: the edit target's first token (edit), or the
 *     true answer's (unlearn)
 * @param maintain maintain prompts in the edit format
 * @param maintainTargets their true answers' first tokens
 * @param general general text, one tokenized window of at most 100 tokens per line (at least two tokens)
 */
public record EditTask(List<EncodedPrompt> forget, int[] forgetTargets, List<EncodedPrompt> maintain,
        int[] maintainTargets, List<int[]> general) {

    public EditTask {
        forget = List.copyOf(forget);
        maintain = List.copyOf(maintain);
        general = List.copyOf(general);
    }

    /**
     * Renders and tokenizes; with {@code trueTargets} the forget loss reads the true answer (pure unlearning, and the
     * relearning attack), else every forget fact needs an edit target.
     */
    public static EditTask of(LocusModel model, PromptFormat format, List<Fact> forget, List<Fact> maintain,
                              List<String> generalLines, boolean trueTargets) {
        PromptEncoder encoder = new PromptEncoder(model.requireTokenizer(), model.config().maxPositions());
        List<EncodedPrompt> f = encode(encoder, format, forget);
        int[] ft = new int[f.size()];
        for (int i = 0; i < f.size(); i++) {
            Prompt p = f.get(i).prompt();
            if (!trueTargets && p.edit() < 0) {
                throw new LocusException("fact '" + p.factId() + "' has no edit target to edit toward; choose one"
                        + " (edit_target) or unlearn instead");
            }
            ft[i] = f.get(i).answerTokens()[trueTargets ? p.correct() : p.edit()];
        }
        List<EncodedPrompt> m = encode(encoder, format, maintain);
        int[] mt = m.stream().mapToInt(EncodedPrompt::correctToken).toArray();
        return new EditTask(f, ft, m, mt, tokenizeLines(model, generalLines));
    }

    /** Lines of text as token ids, each cut to its first 100 tokens ({@link GeneralText}); shorter than two: dropped. */
    public static List<int[]> tokenizeLines(LocusModel model, List<String> lines) {
        return GeneralText.windows(model.requireTokenizer(), lines, model.config().maxPositions());
    }

    private static List<EncodedPrompt> encode(PromptEncoder encoder, PromptFormat format, List<Fact> facts) {
        List<EncodedPrompt> out = new ArrayList<>();
        for (Fact f : facts) {
            for (Prompt p : format.render(f)) {
                out.add(encoder.encode(p));
            }
        }
        return out;
    }
}
