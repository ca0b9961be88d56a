package dev.locus.model.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locus.core.LocusException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's own chat template: {@code chat_template} of {@code tokenizer_config.json} (a string, or a list of
 * {@code {name, template}} of which "default" is used), else a {@code chat_template.jinja} beside it. Use
 * {@link #find} when loading a tokenizer and {@link #render} to turn messages into the text the model was tuned on.
 *
 * <p>A template Locus cannot read is not an error until something asks to render it: the model still loads, and the
 * format that needs the template fails with one line naming the file, the construct and where it stands. Rendering
 * is deterministic: there is no clock ({@code strftime_now} is undefined, so Llama 3.2 uses its own default date),
 * no tools, and {@code enable_thinking} is false (Qwen3's non-thinking path).
 */
public final class ChatTemplate {
    /** One message of a conversation. */
    public record Message(String role, String content) {
    }

    /** A rendered system + user conversation; {@code systemFolded} when the template refused a system message. */
    public record Rendered(String text, boolean systemFolded) {
    }

    private final Path file;
    private final List<Ast.Stmt> body;
    private final String problem;
    private final Map<String, Object> specials;

    private ChatTemplate(Path file, List<Ast.Stmt> body, String problem, Map<String, Object> specials) {
        this.file = file;
        this.body = body;
        this.problem = problem;
        this.specials = specials;
    }

    /**
     * The chat template of the tokenizer files in {@code folder}, or null when it has none; reads only, and only the
     * files that are there.
     */
    public static ChatTemplate find(Path folder) {
        Path config = folder.resolve("tokenizer_config.json");
        Map<String, Object> specials = new HashMap<>();
        String text = null;
        Path file = config;
        if (Files.isRegularFile(config)) {
            JsonNode root;
            try {
                root = new ObjectMapper().readTree(config.toFile());
            } catch (IOException e) {
                String why = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
                return new ChatTemplate(config, null, "not valid JSON (" + why + ")", specials);
            }
            for (String special : List.of("bos_token", "eos_token", "unk_token", "pad_token")) {
                JsonNode n = root == null ? null : root.get(special);
                if (n != null && (n.isTextual() || n.path("content").isTextual())) {
                    specials.put(special, n.isTextual() ? n.asText() : n.get("content").asText());
                }
            }
            JsonNode t = root == null ? null : root.get("chat_template");
            if (t != null && !t.isNull()) {
                text = templateText(t);
                if (text == null) {
                    return new ChatTemplate(config, null, "chat_template must be a string or a list of {\"name\","
                            + " \"template\"} with one named \"default\"", specials);
                }
            }
        }
        Path jinja = folder.resolve("chat_template.jinja");
        if (text == null && Files.isRegularFile(jinja)) {
            try {
                text = Files.readString(jinja, StandardCharsets.UTF_8);
                file = jinja;
            } catch (IOException e) {
                return new ChatTemplate(jinja, null, "cannot read (" + e.getMessage() + ")", specials);
            }
        }
        if (text == null) {
            return null;
        }
        try {
            return new ChatTemplate(file, TemplateParser.parse(text), null, specials);
        } catch (TemplateException e) {
            return new ChatTemplate(file, null, where(file) + oneLine(e.located()), specials);
        }
    }

    private static String templateText(JsonNode t) {
        if (t.isTextual()) {
            return t.asText();
        }
        if (t.isArray()) {
            for (JsonNode named : t) {
                if ("default".equals(named.path("name").asText(null)) && named.path("template").isTextual()) {
                    return named.get("template").asText();
                }
            }
        }
        return null;
    }

    /** Template text quoted in a message (a string literal, say) keeps the message on one line. */
    private static String oneLine(String message) {
        return message.replace("\r", "\\r").replace("\n", "\\n");
    }

    private static String where(Path file) {
        return file.getFileName().toString().equals("chat_template.jinja") ? "" : "chat_template: ";
    }

    /** The file the template comes from. */
    public Path file() {
        return file;
    }

    /** Null when the template can be rendered, else why not (one line, without the file name). */
    public String problem() {
        return problem;
    }

    /**
     * The text of {@code messages} through the template, with the tokenizer's special tokens as variables;
     * {@code addGenerationPrompt}: end with the header of the assistant's reply. A template Locus cannot render, or
     * one that refuses the conversation ({@code raise_exception}), is a one-line {@link LocusException}.
     */
    public String render(List<Message> messages, boolean addGenerationPrompt) {
        try {
            return renderOrRaise(messages, addGenerationPrompt);
        } catch (TemplateEvaluator.Raised e) {
            throw new LocusException(file + ": " + where(file) + "refuses the conversation: "
                    + oneLine(e.getMessage()));
        }
    }

    /**
     * A system and a user message with the generation prompt. A template that refuses a system message (Gemma,
     * Mistral v0.1 raise an exception for it) gets the system text at the start of the user message instead, as
     * those models' cards advise; {@link Rendered#systemFolded} says so.
     */
    public Rendered renderSystemAndUser(String system, String user) {
        try {
            return new Rendered(renderOrRaise(List.of(new Message("system", system), new Message("user", user)),
                    true), false);
        } catch (TemplateEvaluator.Raised e) {
            return new Rendered(render(List.of(new Message("user", system + "\n\n" + user)), true), true);
        }
    }

    private String renderOrRaise(List<Message> messages, boolean addGenerationPrompt) {
        if (problem != null) {
            throw new LocusException(file + ": " + problem);
        }
        Map<String, Object> globals = new HashMap<>(specials);
        List<Object> list = new ArrayList<>();
        for (Message m : messages) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("role", m.role());
            map.put("content", m.content());
            list.add(map);
        }
        globals.put("messages", list);
        globals.put("add_generation_prompt", addGenerationPrompt);
        globals.put("enable_thinking", false);
        try {
            return TemplateEvaluator.render(body, globals);
        } catch (TemplateException e) {
            throw new LocusException(file + ": " + where(file) + oneLine(e.located()));
        }
    }
}
