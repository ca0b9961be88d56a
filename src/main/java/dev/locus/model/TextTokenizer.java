package dev.locus.model;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.locus.core.LocusException;
import dev.locus.model.chat.ChatTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A model's {@code tokenizer.json} through the Hugging Face tokenizers library (the same path for real
 * models and for the bundled WordLevel one). Special tokens (a BOS, say) are added as the tokenizer's own
 * post-processor says, as {@code transformers} does by default.
 */
public final class TextTokenizer implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;
    private final Path file;
    private final ChatTemplate chatTemplate;
    private static final int CACHED = 100_000;
    private final Map<String, int[]> withSpecial = new ConcurrentHashMap<>();
    private final Map<String, int[]> continuation = new ConcurrentHashMap<>();

    private TextTokenizer(HuggingFaceTokenizer tokenizer, Path file) {
        this.tokenizer = tokenizer;
        this.file = file;
        // Read only when there: the bundled model and base models have none. A template Locus cannot render fails
        // when a format asks for it, not here.
        Path folder = file.toAbsolutePath().getParent();
        this.chatTemplate = folder == null ? null : ChatTemplate.find(folder);
    }

    /**
     * Loads {@code tokenizer.json}, and the chat template of a {@code tokenizer_config.json} (or
     * {@code chat_template.jinja}) beside it if there is one; a broken tokenizer.json is a {@link LocusException}
     * naming it.
     */
    public static TextTokenizer load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new LocusException(file + ": missing");
        }
        checkShape(file);
        try {
            // Truncation and padding off: Locus pads batches itself.
            return new TextTokenizer(HuggingFaceTokenizer.newInstance(file,
                    Map.of("truncation", "false", "padding", "false", "maxLength", "1000000")), file);
        } catch (Exception | UnsatisfiedLinkError e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new LocusException(file + ": not a valid tokenizer.json (" + why + ")", e);
        }
    }

    /** The parts of tokenizer.json whose damage the native tokenizer library does not survive (it aborts the JVM). */
    private static final java.util.List<String> TYPED_PARTS = java.util.List.of("normalizer", "pre_tokenizer", "model",
            "post_processor", "decoder");

    /**
     * Checks in Java what the native library would otherwise find out by aborting the whole process (a damaged file
     * made HF tokenizers panic across its C boundary, found by fuzzing): valid JSON, an object, and its parts objects
     * (or null) that say their "type".
     */
    private static void checkShape(Path file) {
        com.fasterxml.jackson.databind.JsonNode root;
        try {
            root = new com.fasterxml.jackson.databind.ObjectMapper()
                    .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new LocusException(file + ": not valid JSON" + dev.locus.core.JsonErrors.at(e.getLocation()) + ": "
                    + dev.locus.core.JsonErrors.reason(e), e);
        } catch (java.io.IOException e) {
            throw new LocusException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new LocusException(file + ": not a tokenizer.json (expected a JSON object)");
        }
        for (String part : TYPED_PARTS) {
            com.fasterxml.jackson.databind.JsonNode n = root.get(part);
            if (part.equals("model") && (n == null || n.isNull())) {
                throw new LocusException(file + ": not a tokenizer.json (no \"model\")");
            }
            if (n != null && !n.isNull() && !(n.isObject() && n.path("type").isTextual()) && !part.equals("model")) {
                throw new LocusException(file + ": " + part + " must be null or an object with a \"type\"");
            }
            if (part.equals("model") && !n.isObject()) {
                throw new LocusException(file + ": model must be an object");
            }
        }
    }

    /** Token ids of {@code text}, with the tokenizer's special tokens. */
    public int[] encode(String text) {
        return cached(withSpecial, text, true);
    }

    /** Token ids of {@code text} as a continuation: without the tokenizer's special tokens. */
    public int[] encodeContinuation(String text) {
        return cached(continuation, text, false);
    }

    /**
     * Evaluations encode the same prompts and answer candidates at every evaluation of every method (3% of a
     * comparison's time went to tokenizing): encodings are remembered, up to {@link #CACHED} texts per kind.
     */
    private int[] cached(Map<String, int[]> cache, String text, boolean special) {
        int[] ids = cache.get(text);
        if (ids == null) {
            long[] raw = tokenizer.encode(text, special, false).getIds();
            ids = new int[raw.length];
            for (int i = 0; i < raw.length; i++) {
                ids[i] = Math.toIntExact(raw[i]);
            }
            if (cache.size() >= CACHED) {
                cache.clear();
            }
            cache.put(text, ids);
        }
        return ids.clone();                 // callers may change their copy
    }

    /** Token strings of {@code text}, aligned with {@link #encode(String)}. */
    public String[] tokens(String text) {
        return tokenizer.encode(text, true, false).getTokens();
    }

    /** Text of token ids. */
    public String decode(int... ids) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            l[i] = ids[i];
        }
        return tokenizer.decode(l, false);
    }

    /**
     * The ids below {@code vocabSize} whose own text is printable ASCII (not blank) and which are not special tokens:
     * what the paper's random-token corruption draws from. One native call decodes the whole vocabulary.
     */
    public int[] asciiTokens(int vocabSize) {
        long[][] each = new long[vocabSize][];
        for (int i = 0; i < vocabSize; i++) {
            each[i] = new long[] {i};
        }
        String[] plain = tokenizer.batchDecode(each, true);      // special tokens decode to ""
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (int i = 0; i < vocabSize; i++) {
            String t = plain[i];
            if (t != null && !t.isBlank() && t.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    public Path file() {
        return file;
    }

    /** The model's chat template from the files beside tokenizer.json, or null when it has none. */
    public ChatTemplate chatTemplate() {
        return chatTemplate;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
