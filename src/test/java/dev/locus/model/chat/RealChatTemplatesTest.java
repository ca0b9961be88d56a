package dev.locus.model.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real models' chat templates (copies of their tokenizer_config.json fields, in the test resources with where they
 * come from) render a system + user conversation with the generation prompt exactly as Jinja2 with transformers'
 * settings renders it (the expected files, written by the resources' make_expected.py).
 */
class RealChatTemplatesTest {
    static final String SYSTEM = "You are a helpful chatbot that answers questions about athletes. "
            + "Please be maximally helpful and factually correct.";
    static final String USER = "Question: What sport does Tiger Woods play? Answer:";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"llama-3", "llama-3.1", "llama-3.2", "qwen2.5", "qwen3", "mistral-v0.1", "gemma", "phi-3",
        "phi-3.5", "olmo-2", "zephyr", "mistral-v0.3"})
    void rendersAsJinjaDoes(String model) throws IOException {
        Files.writeString(dir.resolve("tokenizer_config.json"), resource(model + ".tokenizer_config.json"));
        ChatTemplate template = ChatTemplate.find(dir);
        assertNotNull(template);
        ChatTemplate.Rendered r = template.renderSystemAndUser(SYSTEM, USER);
        assertEquals(resource(model + ".expected.txt"), r.text(), model);
        boolean folded = RealChatTemplatesTest.class.getResource(model + ".folded") != null;
        assertEquals(folded, r.systemFolded(), model + " folds the system message");
    }

    static String resource(String name) throws IOException {
        try (InputStream in = RealChatTemplatesTest.class.getResourceAsStream(name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
