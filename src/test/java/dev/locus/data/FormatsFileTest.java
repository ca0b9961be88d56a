package dev.locus.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.core.LocusException;
import dev.locus.data.files.FormatFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prompt format files: every built-in format survives a round trip, and mistakes are named precisely. */
class FormatsFileTest {
    @TempDir
    Path dir;

    @Test
    void builtInFormatsRoundTrip() throws IOException {
        List<PromptFormat> all = new ArrayList<>(Formats.sports());
        all.addAll(Formats.counterFactWithMcq().stream().map(f -> new PromptFormat("cf-" + f.name(), f.kind(),
                f.template(), f.source(), f.options(), f.optionsFrom(), f.letters(), f.seed(), f.neighbors())).toList());
        all.add(new PromptFormat("pick", PromptFormat.Kind.CHOICE, "{subject}? {a} {b}", null, null, "candidates",
                List.of("1", "2", "3", "4", "5"), -5, false));
        Path file = dir.resolve("formats.json");
        FormatFiles.write(file, all);
        assertEquals(all, FormatFiles.read(file));
        String text = Files.readString(file);
        assertTrue(text.contains("\"kind\" : \"choice\""), text);
        assertTrue(text.contains("\"neighbors\" : true"), text);
    }

    @Test
    void mistakesNameTheFileFormatAndField() throws IOException {
        assertEquals("f.json: formats[1].kind: must be one of completion, choice, got \"multiple\"", error(
                "[{\"name\": \"a\", \"kind\": \"completion\", \"template\": \"{subject} is\"},"
                        + " {\"name\": \"b\", \"kind\": \"multiple\", \"template\": \"x\"}]"));
        assertEquals("f.json: formats[0].name: is missing", error("[{\"kind\": \"completion\"}]"));
        assertEquals("f.json: formats[0]: format 'a': template must contain {subject}",
                error("[{\"name\": \"a\", \"kind\": \"completion\", \"template\": \"{athlete} is\"}]"));
        assertEquals("f.json: formats[0]: format 'a': has 5 options but only 4 letters [A, B, C, D]",
                error("[{\"name\": \"a\", \"kind\": \"choice\", \"template\": \"{subject}\", \"options\":"
                        + " [\"1\", \"2\", \"3\", \"4\", \"5\"]}]"));
        assertEquals("f.json: formats[0].tempate: unknown field; did you mean template?",
                error("[{\"name\": \"a\", \"kind\": \"completion\", \"tempate\": \"{subject}\"}]"));
        assertEquals("f.json: formats[1].name: \"a\" is already the name of formats[0]",
                error("[{\"name\": \"a\", \"kind\": \"completion\", \"template\": \"{subject}\"},"
                        + " {\"name\": \"a\", \"kind\": \"completion\", \"template\": \"{subject}\"}]"));
        assertEquals("f.json: formats[0].options[1]: expected a string, got 2",
                error("[{\"name\": \"a\", \"kind\": \"choice\", \"template\": \"{subject}\", \"options\": [\"1\", 2]}]"));
        assertTrue(error("[{\"name\": \"a\", \"name\": \"b\"}]").startsWith("f.json: not valid JSON at line 1"));
        assertEquals("f.json: holds no prompt formats", error("[]"));
    }

    private String error(String json) throws IOException {
        Path file = SampleData.write(dir, "f.json", json);
        return assertThrows(LocusException.class, () -> FormatFiles.read(file)).getMessage();
    }
}
