package dev.locus.model.chat;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locus.core.LocusException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged real templates (characters cut, doubled, swapped in, by a fixed seed) either render or fail with a one-line
 * LocusException: never another exception, never a hang.
 */
class ChatTemplateFuzzTest {
    private static final String PIECES = "{}%#-+|.,:()[]'\"=!<>~ \n\tabnotifsetforendloop0123";

    @TempDir
    Path dir;

    @Test
    void damagedTemplatesFailAsOneLine() throws IOException {
        Random random = new Random(16);
        List<String> models = List.of("llama-3", "llama-3.2", "qwen2.5", "qwen3", "mistral-v0.3", "gemma", "zephyr");
        ObjectMapper json = new ObjectMapper();
        for (int trial = 0; trial < 1500; trial++) {
            String model = models.get(random.nextInt(models.size()));
            String template = json.readTree(RealChatTemplatesTest.resource(model + ".tokenizer_config.json"))
                    .get("chat_template").asText();
            StringBuilder damaged = new StringBuilder(template);
            for (int edits = 1 + random.nextInt(4); edits > 0; edits--) {
                int at = random.nextInt(damaged.length());
                switch (random.nextInt(3)) {
                    case 0 -> damaged.deleteCharAt(at);
                    case 1 -> damaged.insert(at, PIECES.charAt(random.nextInt(PIECES.length())));
                    default -> damaged.setCharAt(at, PIECES.charAt(random.nextInt(PIECES.length())));
                }
            }
            Files.writeString(dir.resolve("tokenizer_config.json"), json.writeValueAsString(
                    Map.of("chat_template", damaged.toString(), "bos_token", "<s>", "eos_token", "</s>")));
            try {
                ChatTemplate.find(dir).renderSystemAndUser(RealChatTemplatesTest.SYSTEM, RealChatTemplatesTest.USER);
            } catch (LocusException e) {
                assertFalse(e.getMessage().contains("\n"), model + " trial " + trial + ": " + e.getMessage());
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError(model + " trial " + trial + " threw " + e + " for:\n" + damaged, e);
            }
        }
    }
}
