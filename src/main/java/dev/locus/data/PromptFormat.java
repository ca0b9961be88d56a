package dev.locus.data;

import dev.locus.core.LocusException;
import dev.locus.core.Messages;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How a fact is asked: the prompt text around the subject and which continuations are scored. Use it to turn a
 * {@link Fact} into {@link Prompt}s ({@link #render}); the built-in ones are in {@link Formats}, and users edit
 * others as JSON ({@link Formats#read}).
 *
 * <p>Texts: {@code template} with placeholders {@code {subject}}, {@code {question}} (each text of the fact's
 * {@code source} list) and, for choice formats, one per letter in lower case ({@code {a}}, {@code {b}}, ...: that
 * option's text). Without a template, each text of the fact's {@code source} list is a prompt of its own, with
 * CounterFact's {@code {}} replaced by the subject. With neither placeholders nor a source the template is used as
 * it is.
 *
 * <p>Answers: a completion format scores the fact's candidates (" football", " baseball", ...); a choice format
 * scores the letters (" A", " B", ...) of its options. Options are fixed ({@code options}, matched to answers
 * case-insensitively: "Football" is the option for "football"), or come from the fact: {@code optionsFrom =
 * "candidates"}, or the name of a per-fact list whose first entry is the true answer (CounterFact's
 * "mcq_options"); per-fact options are shuffled by {@code seed} and the fact id, so every run shows a fact's options
 * in the same order.
 *
 * @param name what users pick it by ("standard", "mcq")
 * @param kind completion or choice
 * @param template prompt text with placeholders; null when each source text is the whole prompt
 * @param source name of the fact's prompt list to use (CounterFact: "prompt", "paraphrase", "neighborhood",
 *     "mcq_question"); null to render the template once per fact
 * @param options fixed option texts of a choice format; empty otherwise
 * @param optionsFrom "candidates" or a per-fact list name for a choice format with per-fact options; else null
 * @param letters the choice letters, A-D by default
 * @param seed shuffles per-fact options
 * @param neighbors the prompts are about other subjects that share the fact's true answer (CounterFact's
 *     neighborhood): the correct answer is the fact's attribute and there is no edit answer, since an edit must
 *     leave them unchanged
 * @param fullVocabulary score each answer by its first token's probability under the softmax over the whole
 *     vocabulary (the paper's CounterFact Normal/Paraphrase/Neighborhood accuracy, src/docs/paper.md §5) instead of
 *     renormalizing over the answers
 * @param prefix text put before every prompt as it is (an n-shot prefix of solved questions, see {@link #withShots});
 *     empty for none
 * @param chat render each prompt through the model's own chat template (tokenizer_config.json) as a system and a
 *     user message with the generation prompt, the answer scored after it; a model without a chat template reads
 *     the plain text as before
 * @param system the system message of a chat format: the start of {@code template} (so the plain text a model
 *     without a chat template reads is the template as written); the rest of the template is the user message.
 *     Empty for none
 */
public record PromptFormat(String name, Kind kind, String template, String source, List<String> options,
        String optionsFrom, List<String> letters, long seed, boolean neighbors, boolean fullVocabulary,
        String prefix, boolean chat, String system) {

    /** The letters a choice format uses unless it says otherwise. */
    public static final List<String> DEFAULT_LETTERS = List.of("A", "B", "C", "D");
    /** {@link #optionsFrom} value for options taken from the fact's candidates. */
    public static final String CANDIDATES = "candidates";

    /** Whether the model continues the text with the answer itself or with the letter of an option. */
    public enum Kind {
        COMPLETION, CHOICE;

        /** The name in format files: "completion" or "choice". */
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public PromptFormat {
        prefix = prefix == null ? "" : prefix;
        system = system == null ? "" : system;
        options = options == null ? List.of() : List.copyOf(options);
        // Letters mean nothing to a completion format; keeping the default there makes equal formats equal.
        letters = kind != Kind.CHOICE || letters == null || letters.isEmpty() ? DEFAULT_LETTERS : List.copyOf(letters);
        if (name == null || name.isBlank()) {
            throw new LocusException("a prompt format has no name");
        }
        String where = "format " + Messages.quote(name) + ": ";
        if (kind == null) {
            throw new LocusException(where + "kind must be completion or choice");
        }
        if (template == null && source == null) {
            throw new LocusException(where + "needs a template or a source");
        }
        if (template != null && source == null && !template.contains("{subject}")) {
            throw new LocusException(where + "template must contain {subject}");
        }
        if (template != null && source != null && !template.contains("{question}")) {
            throw new LocusException(where + "a template with a source must contain {question}, where each text of "
                    + Messages.quote(source) + " goes");
        }
        if (kind == Kind.COMPLETION && (!options.isEmpty() || optionsFrom != null)) {
            throw new LocusException(where + "options and optionsFrom are for choice formats; a completion format"
                    + " scores the fact's candidates");
        }
        if (kind == Kind.CHOICE) {
            checkChoice(where, options, optionsFrom, letters);
        }
        if (!system.isEmpty() && !chat) {
            throw new LocusException(where + "system is for chat formats (\"chat\": true)");
        }
        if (!system.isEmpty() && (template == null || !template.startsWith(system))) {
            throw new LocusException(where + "system must be the start of template (a model without a chat template"
                    + " reads the template as it is)");
        }
    }

    /** A format read as plain text by every model (not a chat format). */
    public PromptFormat(String name, Kind kind, String template, String source, List<String> options,
            String optionsFrom, List<String> letters, long seed, boolean neighbors, boolean fullVocabulary,
            String prefix) {
        this(name, kind, template, source, options, optionsFrom, letters, seed, neighbors, fullVocabulary, prefix,
                false, "");
    }

    /** A format scored over its answers alone (renormalized), with no prefix. */
    public PromptFormat(String name, Kind kind, String template, String source, List<String> options,
            String optionsFrom, List<String> letters, long seed, boolean neighbors) {
        this(name, kind, template, source, options, optionsFrom, letters, seed, neighbors, false, "");
    }

    /** This format scored by full-vocabulary probability (true) or renormalized over its answers (false). */
    public PromptFormat withFullVocabulary(boolean full) {
        return new PromptFormat(name, kind, template, source, options, optionsFrom, letters, seed, neighbors, full,
                prefix, chat, system);
    }

    /**
     * This format as a chat format: rendered through the model's chat template with {@code system} (the start of the
     * template; empty for none) as the system message and the rest of the template as the user message.
     */
    public PromptFormat asChat(String system) {
        return new PromptFormat(name, kind, template, source, options, optionsFrom, letters, seed, neighbors,
                fullVocabulary, prefix, true, system);
    }

    /**
     * This format with an n-shot prefix (src/docs/paper.md §1.3): {@code shots} facts of {@code pool}, drawn by
     * {@code shotSeed}, each rendered in this format and followed by " " + its correct answer + a blank line. The
     * pool's facts must not be evaluated or edited (the caller holds them out). Fewer pool facts than shots use all.
     */
    public PromptFormat withShots(List<Fact> pool, int shots, long shotSeed) {
        if (shots <= 0 || pool.isEmpty()) {
            return this;
        }
        List<Fact> drawn = Seeds.shuffled(pool, Seeds.random(shotSeed, "shots:" + name));
        StringBuilder text = new StringBuilder(prefix);
        int used = 0;
        for (Fact fact : drawn) {
            List<Prompt> rendered = withPrefix("").render(fact);
            if (rendered.isEmpty()) {
                continue; // a pool fact without a text of this format cannot be a shot
            }
            Prompt p = rendered.get(0);
            text.append(p.text()).append(p.correctAnswer()).append("\n\n");
            if (++used == shots) {
                break;
            }
        }
        return withPrefix(text.toString());
    }

    private PromptFormat withPrefix(String text) {
        return new PromptFormat(name, kind, template, source, options, optionsFrom, letters, seed, neighbors,
                fullVocabulary, text, chat, system);
    }

    /** A completion format from a template with {@code {subject}}. */
    public static PromptFormat completion(String name, String template) {
        return new PromptFormat(name, Kind.COMPLETION, template, null, null, null, null, 0, false);
    }

    /** A choice format with fixed options, lettered A, B, C, ... in the given order. */
    public static PromptFormat choice(String name, String template, List<String> options) {
        return new PromptFormat(name, Kind.CHOICE, template, null, options, null, null, 0, false);
    }

    /** A completion format whose prompts are the fact's own texts of that list (CounterFact). */
    public static PromptFormat fromSource(String name, String source) {
        return new PromptFormat(name, Kind.COMPLETION, null, source, null, null, null, 0, false);
    }

    /**
     * The prompts for one fact, one per text (one for a template format, one per source text otherwise; none when
     * the fact has no texts of that source). Throws a LocusException when the fact does not fit the format (its
     * answer is none of the fixed options, or it has more options than letters).
     */
    public List<Prompt> render(Fact fact) {
        List<String> texts = source == null ? List.of(template) : fact.prompts(source);
        if (texts.isEmpty()) {
            return List.of();
        }
        Answers answers = kind == Kind.COMPLETION ? completionAnswers(fact) : choiceAnswers(fact);
        List<Prompt> prompts = new ArrayList<>(texts.size());
        for (String text : texts) {
            Prompt.Chat messages = !chat ? null : new Prompt.Chat(system, (prefix + fill(template == null ? null
                    : template.substring(system.length()), text, fact, answers.optionTexts)).stripLeading());
            prompts.add(new Prompt(fact.id(), name, prefix + fill(template, text, fact, answers.optionTexts),
                    answers.continuations, answers.correct, neighbors ? -1 : answers.edit, messages));
        }
        return prompts;
    }

    /** The continuations to score, the option texts behind them (choice only), and the correct and edit indices. */
    private record Answers(List<String> continuations, List<String> optionTexts, int correct, int edit) {
    }

    private Answers completionAnswers(Fact fact) {
        List<String> continuations = fact.candidates().stream().map(Fact::continuation).toList();
        int edit = fact.editTarget() == null ? -1 : fact.candidates().indexOf(fact.editTarget());
        return new Answers(continuations, List.of(), fact.candidates().indexOf(fact.attribute()), edit);
    }

    private Answers choiceAnswers(Fact fact) {
        List<String> texts;
        int correct;
        int edit;
        if (!options.isEmpty()) {
            texts = options;
            correct = indexIgnoringCase(texts, fact.attribute());
            edit = indexIgnoringCase(texts, fact.editTarget());
        } else if (CANDIDATES.equals(optionsFrom)) {
            texts = Seeds.shuffled(fact.candidates(), Seeds.random(seed, fact.id()));
            correct = texts.indexOf(fact.attribute());
            edit = fact.editTarget() == null ? -1 : texts.indexOf(fact.editTarget());
        } else {
            List<String> listed = fact.prompts(optionsFrom);
            if (listed.size() < 2) {
                throw new LocusException("format " + Messages.quote(name) + ": fact " + Messages.quote(fact.id())
                        + " needs at least 2 options in " + Messages.quote(optionsFrom) + ", has " + listed.size());
            }
            texts = Seeds.shuffled(listed, Seeds.random(seed, fact.id()));
            correct = texts.indexOf(listed.get(0)); // by convention the list names the true answer first
            edit = listedEdit(fact, listed, texts);
        }
        if (correct < 0) {
            throw new LocusException("format " + Messages.quote(name) + ": fact " + Messages.quote(fact.id())
                    + " has true answer " + Messages.quote(fact.attribute()) + ", which is none of its options "
                    + texts);
        }
        if (texts.size() > letters.size()) {
            throw new LocusException("format " + Messages.quote(name) + ": fact " + Messages.quote(fact.id()) + " has "
                    + texts.size() + " options but only " + letters.size() + " letters " + letters);
        }
        List<String> continuations = letters.subList(0, texts.size()).stream().map(Fact::continuation).toList();
        return new Answers(continuations, texts, correct, edit == correct ? -1 : edit);
    }

    /**
     * The edit option of a per-fact list: the option naming the fact's edit target; else, as in the paper's
     * CounterFact questions, the list's second entry (the first false option, meant to be the edit target).
     */
    private static int listedEdit(Fact fact, List<String> listed, List<String> shuffled) {
        if (fact.editTarget() == null) {
            return -1;
        }
        int named = indexIgnoringCase(shuffled, fact.editTarget());
        return named >= 0 ? named : shuffled.indexOf(listed.get(1));
    }

    /** {@code template} (null: the source text is the prompt) filled in for {@code fact} and one source text. */
    private String fill(String template, String text, Fact fact, List<String> optionTexts) {
        if (template == null) {
            return text.replace("{}", fact.subject()); // CounterFact's own subject slot
        }
        Map<String, String> values = new HashMap<>();
        values.put("subject", fact.subject());
        values.put("question", text.replace("{}", fact.subject()));
        for (int i = 0; i < optionTexts.size(); i++) {
            values.put(letters.get(i).toLowerCase(Locale.ROOT), optionTexts.get(i));
        }
        return substitute(template, values);
    }

    /**
     * Replaces each {@code {key}} with its value in one pass, so that a subject or question containing
     * "{subject}" is never substituted again; unknown placeholders stay as they are.
     */
    static String substitute(String template, Map<String, String> values) {
        StringBuilder out = new StringBuilder(template.length() + 64);
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            int close = open < 0 ? -1 : template.indexOf('}', open + 1);
            if (close < 0) {
                out.append(template, i, template.length());
                break;
            }
            String value = values.get(template.substring(open + 1, close));
            if (value == null) {
                out.append(template, i, open + 1);
                i = open + 1;
            } else {
                out.append(template, i, open).append(value);
                i = close + 1;
            }
        }
        return out.toString();
    }

    private static int indexIgnoringCase(List<String> texts, String answer) {
        if (answer == null) {
            return -1;
        }
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i).strip().equalsIgnoreCase(answer.strip())) {
                return i;
            }
        }
        return -1;
    }

    private static void checkChoice(String where, List<String> options, String optionsFrom, List<String> letters) {
        if (options.isEmpty() == (optionsFrom == null)) {
            throw new LocusException(where + "a choice format needs either options or optionsFrom (not both)");
        }
        if (optionsFrom != null && optionsFrom.isBlank()) {
            throw new LocusException(where + "optionsFrom must be \"candidates\" or a per-fact list name");
        }
        Set<String> seen = new HashSet<>();
        for (String letter : letters) {
            if (letter == null || letter.isBlank() || !seen.add(letter.strip())) {
                throw new LocusException(where + "letters " + letters + " must be distinct and not blank");
            }
        }
        if (options.size() == 1) {
            throw new LocusException(where + "options needs at least 2 entries");
        }
        if (options.size() > letters.size()) {
            throw new LocusException(where + "has " + options.size() + " options but only " + letters.size()
                    + " letters " + letters);
        }
        Set<String> seenOptions = new HashSet<>();
        for (String option : options) {
            if (Objects.requireNonNull(option).isBlank()
                    || !seenOptions.add(option.strip().toLowerCase(Locale.ROOT))) {
                throw new LocusException(where + "options " + options + " must be distinct and not blank");
            }
        }
    }
}
