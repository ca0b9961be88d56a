package dev.locus.data;

import dev.locus.model.TextTokenizer;
import dev.locus.model.chat.ChatTemplate;
import java.util.List;

/**
 * What chat formats ({@link PromptFormat#chat()}) do on a given model: the line that tells a user, and the check
 * that a model's template renders them before any job starts.
 */
public final class ChatFormats {
    private ChatFormats() {
    }

    /**
     * One line on how {@code format} reaches the model of {@code tokenizer} (null: no tokenizer), or null for a
     * format that does not ask for a chat template.
     */
    public static String note(PromptFormat format, TextTokenizer tokenizer) {
        if (!format.chat()) {
            return null;
        }
        ChatTemplate template = tokenizer == null ? null : tokenizer.chatTemplate();
        if (template == null) {
            return "format '" + format.name() + "' asks for the model's chat template; this model has none (no"
                    + " chat_template in tokenizer_config.json), so it reads the format's plain text";
        }
        return "format '" + format.name() + "' is rendered through the chat template of " + template.file();
    }

    /**
     * Renders a conversation of each chat format's shape (system message when it has one, user message, generation
     * prompt) through the model's template, so a template Locus cannot render, or one that refuses the conversation,
     * is a one-line LocusException before any job starts. Nothing to check when the model has no template.
     */
    public static void check(List<PromptFormat> formats, TextTokenizer tokenizer) {
        ChatTemplate template = tokenizer == null ? null : tokenizer.chatTemplate();
        if (template == null) {
            return;
        }
        for (PromptFormat f : formats) {
            if (f.chat()) {
                PromptEncoder.rendered(template, new Prompt.Chat(f.system(), "Question?"));
            }
        }
    }
}
