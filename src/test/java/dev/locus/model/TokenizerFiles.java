package dev.locus.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Small but real tokenizer.json files of the two kinds real models ship, written by the test (the shapes of the
 * files Hugging Face models carry, with a vocabulary of a few hundred tokens):
 *
 * <p>Byte-level BPE (GPT-2, Llama 3, Qwen): ids 0-255 are the 256 byte symbols (id = the byte, " " is "Ġ"), then the
 * merges' tokens from 256 in the order of {@link #BYTE_LEVEL_MERGED}, then the added special tokens
 * {@code <|begin_of_text|>} 275, {@code <|im_start|>} 276, {@code <|im_end|>} 277. With {@code bos}, a Llama-3-style
 * post-processor puts {@code <|begin_of_text|>} first; without, GPT-2/Qwen-style, nothing.
 *
 * <p>SentencePiece BPE with byte fallback (Llama 2, Mistral): {@code <unk>} 0, {@code <s>} 1, {@code </s>} 2, the byte
 * tokens {@code <0x00>}-{@code <0xFF>} 3-258, the characters of {@link #SP_CHARS} from 259, then the merges' tokens
 * in the order of {@link #SP_MERGED}; a normalizer puts "▁" before the text and for every space, and a
 * TemplateProcessing post-processor puts {@code <s>} first.
 */
public final class TokenizerFiles {
    /** Byte-level merges in rank order, each "left right"; the merged tokens take ids 256, 257, ... */
    public static final List<String> BYTE_LEVEL_MERGES = List.of("Ġ g", "o l", "Ġg ol", "Ġgol f", "i g", "ig e",
            "ige r", "Ġ W", "o o", "ĠW oo", "d s", "Ã ©", "Ġ f", "Ġf oo", "t b", "a l", "l l", "al l", "tb all");
    public static final List<String> BYTE_LEVEL_MERGED = merged(BYTE_LEVEL_MERGES);
    /** The characters of the SentencePiece vocabulary (anything else falls back to bytes). */
    public static final String SP_CHARS = "▁TigerWodsplayfctb:nAQuhw?";
    public static final List<String> SP_MERGES = List.of("▁ g", "o l", "▁g ol", "▁gol f", "i g", "ig e", "ige r",
            "▁ T", "▁ W", "o o", "▁W oo", "d s", "▁ f", "▁f oo", "t b", "a l", "l l", "al l", "tb all");
    public static final List<String> SP_MERGED = merged(SP_MERGES);

    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenizerFiles() {
    }

    private static List<String> merged(List<String> merges) {
        return merges.stream().map(m -> m.replace(" ", "")).toList();
    }

    /** GPT-2's map from bytes to the printable characters byte-level BPE writes them as. */
    public static String byteSymbol(int b) {
        List<Integer> printable = new ArrayList<>();
        for (int c = '!'; c <= '~'; c++) {
            printable.add(c);
        }
        for (int c = 0xA1; c <= 0xAC; c++) {
            printable.add(c);
        }
        for (int c = 0xAE; c <= 0xFF; c++) {
            printable.add(c);
        }
        if (printable.contains(b)) {
            return Character.toString(b);
        }
        int n = 0;
        for (int c = 0; c < b; c++) {
            if (!printable.contains(c)) {
                n++;
            }
        }
        return Character.toString(256 + n);
    }

    /** Writes a byte-level BPE tokenizer.json into {@code dir}; {@code bos}: Llama 3's BOS post-processor. */
    public static Path byteLevel(Path dir, boolean bos) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        addedToken(added, 275, "<|begin_of_text|>");
        addedToken(added, 276, "<|im_start|>");
        addedToken(added, 277, "<|im_end|>");
        root.putNull("normalizer");
        root.set("pre_tokenizer", byteLevelPart(false));
        if (bos) {
            ObjectNode seq = JSON.createObjectNode();
            seq.put("type", "Sequence");
            ArrayNode processors = seq.putArray("processors");
            processors.add(byteLevelPart(true));
            processors.add(templateProcessing("<|begin_of_text|>", 275));
            root.set("post_processor", seq);
        } else {
            root.set("post_processor", byteLevelPart(true));
        }
        root.set("decoder", byteLevelPart(true));
        ObjectNode vocab = JSON.createObjectNode();
        for (int b = 0; b < 256; b++) {
            vocab.put(byteSymbol(b), b);
        }
        for (int i = 0; i < BYTE_LEVEL_MERGED.size(); i++) {
            vocab.put(BYTE_LEVEL_MERGED.get(i), 256 + i);
        }
        root.set("model", bpe(vocab, BYTE_LEVEL_MERGES, false));
        return write(dir, root);
    }

    /** Writes a Llama-2-style SentencePiece BPE tokenizer.json with byte fallback into {@code dir}. */
    public static Path sentencePiece(Path dir) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        addedToken(added, 0, "<unk>");
        addedToken(added, 1, "<s>");
        addedToken(added, 2, "</s>");
        ObjectNode normalizer = root.putObject("normalizer");
        normalizer.put("type", "Sequence");
        ArrayNode norms = normalizer.putArray("normalizers");
        norms.addObject().put("type", "Prepend").put("prepend", "▁");
        ObjectNode replace = norms.addObject().put("type", "Replace");
        replace.putObject("pattern").put("String", " ");
        replace.put("content", "▁");
        root.putNull("pre_tokenizer");
        root.set("post_processor", templateProcessing("<s>", 1));
        ObjectNode decoder = root.putObject("decoder");
        decoder.put("type", "Sequence");
        ArrayNode decoders = decoder.putArray("decoders");
        ObjectNode back = decoders.addObject().put("type", "Replace");
        back.putObject("pattern").put("String", "▁");
        back.put("content", " ");
        decoders.addObject().put("type", "ByteFallback");
        decoders.addObject().put("type", "Fuse");
        decoders.addObject().put("type", "Strip").put("content", " ").put("start", 1).put("stop", 0);
        ObjectNode vocab = JSON.createObjectNode();
        vocab.put("<unk>", 0);
        vocab.put("<s>", 1);
        vocab.put("</s>", 2);
        for (int b = 0; b < 256; b++) {
            vocab.put(String.format("<0x%02X>", b), 3 + b);
        }
        int id = 259;
        for (int c : SP_CHARS.codePoints().toArray()) {
            vocab.put(Character.toString(c), id++);
        }
        for (String m : SP_MERGED) {
            vocab.put(m, id++);
        }
        root.set("model", bpe(vocab, SP_MERGES, true));
        return write(dir, root);
    }

    /** The id of a SentencePiece token of this vocabulary (a character of {@link #SP_CHARS} or a merged token). */
    public static int spId(String token) {
        List<String> chars = SP_CHARS.codePoints().mapToObj(Character::toString).toList();
        int c = chars.indexOf(token);
        return c >= 0 ? 259 + c : 259 + chars.size() + SP_MERGED.indexOf(token);
    }

    private static ObjectNode bpe(ObjectNode vocab, List<String> merges, boolean byteFallback) {
        ObjectNode model = JSON.createObjectNode();
        model.put("type", "BPE");
        model.putNull("dropout");
        if (byteFallback) {
            model.put("unk_token", "<unk>");
        } else {
            model.putNull("unk_token");
        }
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", byteFallback);
        model.put("byte_fallback", byteFallback);
        model.set("vocab", vocab);
        ArrayNode m = model.putArray("merges");
        merges.forEach(m::add);
        return model;
    }

    private static ObjectNode byteLevelPart(boolean prefixSpace) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "ByteLevel");
        n.put("add_prefix_space", prefixSpace);
        n.put("trim_offsets", !prefixSpace);
        n.put("use_regex", true);
        return n;
    }

    private static ObjectNode templateProcessing(String bos, int bosId) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "TemplateProcessing");
        ArrayNode single = n.putArray("single");
        single.addObject().putObject("SpecialToken").put("id", bos).put("type_id", 0);
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        ArrayNode pair = n.putArray("pair");
        pair.addObject().putObject("SpecialToken").put("id", bos).put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        pair.addObject().putObject("SpecialToken").put("id", bos).put("type_id", 1);
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
        ObjectNode special = n.putObject("special_tokens").putObject(bos);
        special.put("id", bos);
        special.putArray("ids").add(bosId);
        special.putArray("tokens").add(bos);
        return n;
    }

    private static void addedToken(ArrayNode added, int id, String content) {
        added.addObject().put("id", id).put("content", content).put("single_word", false).put("lstrip", false)
                .put("rstrip", false).put("normalized", false).put("special", true);
    }

    private static Path write(Path dir, ObjectNode root) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        return file;
    }
}
