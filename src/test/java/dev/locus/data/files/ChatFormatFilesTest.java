package dev.locus.data.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.core.LocusException;
import dev.locus.data.Formats;
import dev.locus.data.PromptFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Format files' "chat" and "system" keys: read, written back, and refused where they make no sense. */
class ChatFormatFilesTest {
    @TempDir
    Path dir;

    @Test
    void chatAndSystemRoundTrip() throws IOException {
        Path file = dir.resolve("formats.json");
        Files.writeString(file, "[{\"name\": \"qa-chat\", \"kind\": \"completion\", \"chat\": true, \"system\": \""
                + Formats.SPORTS_SYSTEM_PROMPT + "\", \"template\": \"" + Formats.SPORTS_QA_SYSTEM.replace("\n", "\\n")
                + "\"}, {\"name\": \"plain\", \"kind\": \"completion\", \"template\": \"{subject} plays\"}]");
        List<PromptFormat> read = FormatFiles.read(file);
        assertTrue(read.get(0).chat());
        assertEquals(Formats.SPORTS_SYSTEM_PROMPT, read.get(0).system());
        assertEquals(false, read.get(1).chat());
        Path again = dir.resolve("again.json");
        FormatFiles.write(again, read);
        assertEquals(read, FormatFiles.read(again));
        assertTrue(Files.readString(again).contains("\"chat\" : true"));
        assertEquals(1, Files.readString(again).split("\"chat\"").length - 1);
    }

    @Test
    void systemMustStartTheTemplateOfAChatFormat() throws IOException {
        Path file = dir.resolve("formats.json");
        Files.writeString(file, "[{\"name\": \"x\", \"kind\": \"completion\", \"chat\": true, \"system\": \"Be brief.\","
                + " \"template\": \"Question: {subject}?\"}]");
        LocusException e = assertThrows(LocusException.class, () -> FormatFiles.read(file));
        assertTrue(e.getMessage().contains("formats.json") && e.getMessage().contains("system must be the start of"
                + " template"), e.getMessage());
        Files.writeString(file, "[{\"name\": \"x\", \"kind\": \"completion\", \"system\": \"Be brief.\","
                + " \"template\": \"Be brief. {subject}?\"}]");
        e = assertThrows(LocusException.class, () -> FormatFiles.read(file));
        assertTrue(e.getMessage().contains("system is for chat formats"), e.getMessage());
    }
}
