package dev.locus.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.core.LocusException;
import dev.locus.model.TextTokenizer;
import dev.locus.model.TokenizerFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prompt encoding on the two kinds of real tokenizer ({@link TokenizerFiles}): the subject's span over its
 * multi-token words, each answer's first token (with the word-start space byte-level BPE and SentencePiece each
 * write their own way), and chat formats through a real model's chat template.
 */
class PromptEncoderRealTokenizersTest {
    static final Fact TIGER = Fact.of("f1", "Tiger Woods", "sport", "golf", List.of("golf", "football"), "football");
    static final PromptFormat STANDARD = PromptFormat.completion("standard", "Fact: {subject} plays the sport of");
    static final PromptFormat QA_CHAT = PromptFormat.completion("qa-chat", Formats.SPORTS_QA_SYSTEM)
            .asChat(Formats.SPORTS_SYSTEM_PROMPT);
    static final PromptFormat QA_SYSTEM = PromptFormat.completion("qa-system", Formats.SPORTS_QA_SYSTEM);

    @TempDir
    Path dir;

    private EncodedPrompt encode(TextTokenizer t, PromptFormat f) {
        return new PromptEncoder(t, 4096).encode(f.render(TIGER).get(0), TIGER.subject());
    }

    private static int[] span(EncodedPrompt e) {
        return Arrays.copyOfRange(e.ids(), e.subjectStart(), e.subjectEnd());
    }

    @Test
    void byteLevelSubjectSpanAndAnswers() throws IOException {
        try (TextTokenizer t = TextTokenizer.load(TokenizerFiles.byteLevel(dir, true))) {
            EncodedPrompt e = encode(t, STANDARD);
            // <|begin_of_text|> F a c t : Ġ | T iger ĠWoo ds | Ġ p l a y s ...
            assertEquals(7, e.subjectStart());
            assertArrayEquals(new int[] {'T', 262, 265, 266}, span(e));
            assertArrayEquals(new int[] {259, 269}, e.answerTokens()); // Ġgolf, Ġfoo(tball)
        }
    }

    @Test
    void sentencePieceSubjectSpanAndAnswers() throws IOException {
        try (TextTokenizer t = TextTokenizer.load(TokenizerFiles.sentencePiece(dir))) {
            EncodedPrompt e = encode(t, STANDARD);
            // <s> ▁ <0x46> a c t : | ▁T iger ▁Woo ds | ▁ p l a y s ...  ("F" is not in the vocabulary: a byte)
            assertEquals(1, e.ids()[0]);
            assertEquals(3 + 'F', e.ids()[2]);
            assertEquals(7, e.subjectStart());
            assertArrayEquals(new int[] {292, 291, 295, 296}, span(e));
            assertArrayEquals(new int[] {TokenizerFiles.spId("▁golf"), TokenizerFiles.spId("▁foo")}, e.answerTokens());
            // An answer read on its own is read after a word: " golf" alone is "▁" + "▁golf" in SentencePiece.
            assertEquals(TokenizerFiles.spId("▁golf"), new PromptEncoder(t, 4096).firstOfContinuation(" golf"));
        }
    }

    @Test
    void chatFormatThroughLlama3TemplateOnByteLevel() throws IOException {
        TokenizerFiles.byteLevel(dir, true);
        Files.writeString(dir.resolve("tokenizer_config.json"), resource("llama-3.tokenizer_config.json"));
        try (TextTokenizer t = TextTokenizer.load(dir.resolve("tokenizer.json"))) {
            EncodedPrompt e = encode(t, QA_CHAT);
            String rendered = resource("llama-3.expected.txt").replace("Tiger Woods play? Answer:<|eot_id|>",
                    "Tiger Woods play? Answer: golf\nQuestion: What sport does Tiger Woods play? Answer:<|eot_id|>");
            assertEquals(rendered, t.decode(e.ids()));
            // the template writes the BOS; no second one is added
            assertEquals(275, e.ids()[0]);
            assertNotEquals(275, e.ids()[1]);
            // after "<|end_header_id|>\n\n" the reply starts without a space: "golf" = g ol f, "football" = f oo tball
            assertArrayEquals(new int[] {'g', 'f'}, e.answerTokens());
            assertArrayEquals(new int[] {'T', 262, 265, 266}, span(e));
            assertTrue(ChatFormats.note(QA_CHAT, t).contains("chat template of"));
        }
    }

    @Test
    void chatFormatThroughMistralTemplateOnSentencePieceKeepsTheSpace() throws IOException {
        TokenizerFiles.sentencePiece(dir);
        Files.writeString(dir.resolve("tokenizer_config.json"), resource("mistral-v0.1.tokenizer_config.json"));
        try (TextTokenizer t = TextTokenizer.load(dir.resolve("tokenizer.json"))) {
            EncodedPrompt e = encode(t, QA_CHAT);
            assertEquals(1, e.ids()[0]);
            assertNotEquals(1, e.ids()[1]);
            // "... [/INST]" + " golf": the model writes "▁golf"
            assertArrayEquals(new int[] {TokenizerFiles.spId("▁golf"), TokenizerFiles.spId("▁foo")}, e.answerTokens());
            assertArrayEquals(new int[] {292, 291, 295, 296}, span(e));
        }
    }

    @Test
    void withoutATemplateAChatFormatIsThePlainFormat() throws IOException {
        try (TextTokenizer t = TextTokenizer.load(TokenizerFiles.byteLevel(dir, true))) {
            EncodedPrompt chat = encode(t, QA_CHAT);
            EncodedPrompt plain = encode(t, QA_SYSTEM);
            assertArrayEquals(plain.ids(), chat.ids());
            assertArrayEquals(plain.answerTokens(), chat.answerTokens());
            assertEquals(plain.subjectStart(), chat.subjectStart());
            assertTrue(ChatFormats.note(QA_CHAT, t).contains("has none"));
            assertEquals(null, ChatFormats.note(QA_SYSTEM, t));
            ChatFormats.check(List.of(QA_CHAT), t); // nothing to check
        }
    }

    @Test
    void aTemplateThatCannotRenderIsOneLineBeforeAnyJob() throws IOException {
        TokenizerFiles.byteLevel(dir, true);
        Files.writeString(dir.resolve("tokenizer_config.json"),
                "{\"chat_template\": \"{% for m in messages %}{{ m | tojson }}{% endfor %}\"}");
        try (TextTokenizer t = TextTokenizer.load(dir.resolve("tokenizer.json"))) {
            LocusException e = assertThrows(LocusException.class, () -> ChatFormats.check(List.of(QA_CHAT), t));
            assertEquals(dir.resolve("tokenizer_config.json") + ": chat_template: line 1, column 29: unsupported filter"
                    + " 'tojson'", e.getMessage());
            ChatFormats.check(List.of(QA_SYSTEM), t); // formats that do not ask for the template are not affected
        }
    }

    @Test
    void chatFormatMessages() {
        Prompt p = QA_CHAT.render(TIGER).get(0);
        assertEquals(QA_SYSTEM.render(TIGER).get(0).text(), p.text());
        assertEquals(Formats.SPORTS_SYSTEM_PROMPT, p.chat().system());
        assertEquals(Formats.SPORTS_QA.replace("{subject}", "Tiger Woods"), p.chat().user());
        assertEquals(null, QA_SYSTEM.render(TIGER).get(0).chat());
        assertFalse(QA_SYSTEM.chat());
    }

    static String resource(String name) throws IOException {
        try (InputStream in = dev.locus.model.chat.ChatTemplate.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
