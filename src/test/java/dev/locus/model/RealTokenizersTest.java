package dev.locus.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two kinds of tokenizer.json real models ship, read through Locus's tokenizer: exact ids for spaces, accents,
 * emoji (byte-level symbols, or SentencePiece's byte fallback), special tokens, the BOS, and decoding back.
 * The vocabularies are {@link TokenizerFiles}'; the ids below follow from its layout and merge order.
 */
class RealTokenizersTest {
    @TempDir
    Path dir;

    @Test
    void byteLevelBpeAsLlama3() throws IOException {
        try (TextTokenizer t = TextTokenizer.load(TokenizerFiles.byteLevel(dir, true))) {
            // <|begin_of_text|>, T, iger, ĠWoo, ds, Ġgolf: the space goes into the next word's first token
            assertArrayEquals(new int[] {275, 'T', 262, 265, 266, 259}, t.encode("Tiger Woods golf"));
            assertArrayEquals(new String[] {"<|begin_of_text|>", "T", "iger", "ĠWoo", "ds", "Ġgolf"},
                    t.tokens("Tiger Woods golf"));
            assertArrayEquals(new int[] {259}, t.encodeContinuation(" golf"));
            assertArrayEquals(new int[] {269, 274}, t.encodeContinuation(" football")); // Ġfoo, tball
            // é is the bytes C3 A9 ("Ã©", merged); the emoji's four bytes have no merges
            assertArrayEquals(new int[] {'c', 'a', 'f', 267}, t.encodeContinuation("café"));
            assertArrayEquals(new int[] {' ', 0xF0, 0x9F, 0x98, 0x80}, t.encodeContinuation(" \uD83D\uDE00"));
            // special tokens in the text are single tokens, never split into bytes
            assertArrayEquals(new int[] {275, 276, 'u', 's', 'e', 'r', 277}, t.encode("<|im_start|>user<|im_end|>"));
            String text = "Tiger Woods plays café \uD83D\uDE00 football\n\n";
            assertEquals(text, t.decode(t.encodeContinuation(text)));
            assertEquals("<|begin_of_text|>" + text, t.decode(t.encode(text)));
            assertNull(t.chatTemplate()); // no tokenizer_config.json beside it
        }
    }

    @Test
    void byteLevelBpeWithoutBosAsGpt2AndQwen() throws IOException {
        try (TextTokenizer t = TextTokenizer.load(TokenizerFiles.byteLevel(dir, false))) {
            assertArrayEquals(new int[] {'T', 262, 265, 266}, t.encode("Tiger Woods"));
            assertArrayEquals(t.encodeContinuation("Tiger Woods"), t.encode("Tiger Woods"));
        }
    }

    @Test
    void sentencePieceBpeWithByteFallbackAsLlama2() throws IOException {
        try (TextTokenizer t = TextTokenizer.load(TokenizerFiles.sentencePiece(dir))) {
            int sp = TokenizerFiles.spId("▁");
            // <s>, ▁T, iger, ▁Woo, ds, ▁golf: "▁" marks a word's start, the first word's too
            assertArrayEquals(new int[] {1, 292, 291, 295, 296, 288}, t.encode("Tiger Woods golf"));
            assertEquals(TokenizerFiles.spId("▁golf"), 288);
            assertArrayEquals(new String[] {"<s>", "▁T", "iger", "▁Woo", "ds", "▁golf"}, t.tokens("Tiger Woods golf"));
            // é and the emoji are not in the vocabulary: their UTF-8 bytes, as <0xNN> tokens (id 3 + byte)
            assertArrayEquals(new int[] {sp, TokenizerFiles.spId("c"), TokenizerFiles.spId("a"), TokenizerFiles.spId("f"),
                3 + 0xC3, 3 + 0xA9}, t.encodeContinuation("café"));
            assertArrayEquals(new int[] {sp, 3 + 0xF0, 3 + 0x9F, 3 + 0x98, 3 + 0x80},
                    t.encodeContinuation("\uD83D\uDE00"));
            // a leading space becomes a second "▁" after the one put before every text
            assertArrayEquals(new int[] {sp, 288}, t.encodeContinuation(" golf"));
            assertArrayEquals(new int[] {1, 2}, t.encode("</s>"));
            String text = "Tiger Woods plays café \uD83D\uDE00 football";
            assertEquals(text, t.decode(t.encodeContinuation(text)));
        }
    }
}
