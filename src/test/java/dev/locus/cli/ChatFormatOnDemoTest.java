package dev.locus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locus.data.Formats;
import dev.locus.data.PromptFormat;
import dev.locus.data.files.FormatFiles;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chat format on the bundled model, which has no chat template: it reads the plain text, so its accuracy is the
 * plain format's to the last digit, and `locus evaluate` says so once.
 */
class ChatFormatOnDemoTest {
    @Test
    void withoutATemplateTheChatFormatScoresAsThePlainOneAndSaysSo(@TempDir Path tmp) throws Exception {
        Path formats = tmp.resolve("formats.json");
        FormatFiles.write(formats, List.of(PromptFormat.completion("qa-system", Formats.SPORTS_QA_SYSTEM),
                PromptFormat.completion("qa-chat", Formats.SPORTS_QA_SYSTEM).asChat(Formats.SPORTS_SYSTEM_PROMPT)));
        CliTest.Run r = CliTest.run("evaluate", "--format-file", formats.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode o = new ObjectMapper().readTree(r.out());
        assertEquals(o.get("accuracy").get("qa-system").asDouble(), o.get("accuracy").get("qa-chat").asDouble());
        assertEquals(o.get("argmax_accuracy").get("qa-system").asDouble(),
                o.get("argmax_accuracy").get("qa-chat").asDouble());
        assertTrue(r.err().contains("note: format 'qa-chat' asks for the model's chat template; this model has none"),
                r.err());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("note:")).count(), r.err());
    }
}
