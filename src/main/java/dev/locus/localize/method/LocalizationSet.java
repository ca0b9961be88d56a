package dev.locus.localize.method;

import dev.locus.core.LocusException;
import dev.locus.data.EncodedPrompt;
import dev.locus.data.Fact;
import dev.locus.data.Prompt;
import dev.locus.data.PromptEncoder;
import dev.locus.data.PromptFormat;
import dev.locus.model.LocusModel;
import dev.locus.model.TextTokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * The prompts a localization runs on, tokenized once: each fact rendered in one format, with its subject's token span
 * (what corruption replaces), its answers' first tokens (what the metric reads), its attribute's class (what probes
 * predict) and the subject alone as a prompt ({@code <bos>{subject}}, the paper's probe input).
 *
 * @param format the format's name
 * @param classes the attribute values probes tell apart, in order; an item's label indexes it
 * @param items one per rendered prompt whose subject was found
 * @param skipped prompts left out because their subject is not a span of whole tokens
 */
public record LocalizationSet(String format, List<String> classes, List<Item> items, int skipped) {

    /**
     * One prompt.
     *
     * @param label index of the fact's attribute in {@code classes}, or -1 when it is not one of them
     * @param subjectIds the subject alone, with the tokenizer's special tokens
     */
    public record Item(Fact fact, EncodedPrompt prompt, int label, int[] subjectIds) {
        public int[] ids() {
            return prompt.ids();
        }

        public int length() {
            return prompt.ids().length;
        }
    }

    public LocalizationSet {
        classes = List.copyOf(classes);
        items = List.copyOf(items);
    }

    /** Renders {@code facts} in {@code format} for {@code model}'s tokenizer; every fact must yield a prompt. */
    public static LocalizationSet of(LocusModel model, PromptFormat format, List<Fact> facts, List<String> classes) {
        if (facts.isEmpty()) {
            throw new LocusException("no facts to localize on");
        }
        TextTokenizer tokenizer = model.requireTokenizer();
        PromptEncoder encoder = new PromptEncoder(tokenizer, model.config().maxPositions());
        List<Item> items = new ArrayList<>();
        int skipped = 0;
        for (Fact f : facts) {
            int[] subjectIds = tokenizer.encode(f.subject());
            for (Prompt p : format.render(f)) {
                EncodedPrompt e = encoder.encode(p, f.subject());
                if (e.hasSubject()) {
                    items.add(new Item(f, e, classes.indexOf(f.attribute()), subjectIds));
                } else {
                    skipped++;
                }
            }
        }
        if (items.isEmpty()) {
            throw new LocusException("format '" + format.name() + "': no prompt shows its subject as whole"
                    + " tokens, so there is nothing to corrupt (is {subject} in the template?)");
        }
        return new LocalizationSet(format.name(), classes, items, skipped);
    }

    /** The first {@code n} items (all when n is larger). */
    public LocalizationSet limit(int n) {
        return n >= items.size() ? this : new LocalizationSet(format, classes, items.subList(0, n), skipped);
    }

    public int size() {
        return items.size();
    }
}
