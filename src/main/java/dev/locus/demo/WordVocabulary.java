package dev.locus.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.model.io.AtomicFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The demo model's word-level vocabulary and its {@code tokenizer.json}: a newline becomes the token
 * {@code <n>}, text splits on whitespace, unknown words map to {@code <unk>}, and {@code <bos>} starts every
 * sequence. {@link #encode} does in Java exactly what the written tokenizer.json does through the Hugging
 * Face library, so training needs no native call per example (a test checks they agree).
 */
public final class WordVocabulary {
    public static final String UNK = "<unk>";
    public static final String BOS = "<bos>";
    public static final String EOS = "<eos>";
    public static final String PAD = "<pad>";
    public static final String NEWLINE = "<n>";
    private static final List<String> SPECIALS = List.of(UNK, BOS, EOS, PAD);

    private final Map<String, Integer> ids = new LinkedHashMap<>();
    private final List<String> words = new ArrayList<>();

    private WordVocabulary(Collection<String> vocab) {
        for (String w : vocab) {
            ids.put(w, words.size());
            words.add(w);
        }
    }

    /** The specials first, then every word of {@code texts} in sorted order (stable for a given corpus). */
    public static WordVocabulary of(Collection<String> texts) {
        TreeSet<String> found = new TreeSet<>();
        for (String t : texts) {
            found.addAll(split(t));
        }
        found.removeAll(SPECIALS);
        List<String> all = new ArrayList<>(SPECIALS);
        all.addAll(found);
        return new WordVocabulary(all);
    }

    static List<String> split(String text) {
        String normalized = text.replace("\n", " " + NEWLINE + " ");
        List<String> out = new ArrayList<>();
        for (String w : normalized.trim().split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    /** Token ids of {@code text} with a leading {@code <bos>}. */
    public int[] encode(String text) {
        List<String> parts = split(text);
        int[] out = new int[parts.size() + 1];
        out[0] = id(BOS);
        for (int i = 0; i < parts.size(); i++) {
            out[i + 1] = ids.getOrDefault(parts.get(i), id(UNK));
        }
        return out;
    }

    public int id(String word) {
        Integer id = ids.get(word);
        if (id == null) {
            throw new IllegalArgumentException("not in the vocabulary: " + word);
        }
        return id;
    }

    public int size() {
        return words.size();
    }

    /** Writes a Hugging Face {@code tokenizer.json} (WordLevel model) that tokenizes as {@link #encode} does. */
    public void writeTokenizerJson(Path file) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (String s : SPECIALS) {
            ObjectNode t = added.addObject();
            t.put("id", id(s));
            t.put("content", s);
            t.put("single_word", false);
            t.put("lstrip", false);
            t.put("rstrip", false);
            t.put("normalized", false);
            t.put("special", true);
        }
        ObjectNode normalizer = root.putObject("normalizer");
        normalizer.put("type", "Replace");
        normalizer.putObject("pattern").put("String", "\n");
        normalizer.put("content", " " + NEWLINE + " ");
        root.putObject("pre_tokenizer").put("type", "WhitespaceSplit");
        ObjectNode post = root.putObject("post_processor");
        post.put("type", "TemplateProcessing");
        ArrayNode single = post.putArray("single");
        single.addObject().putObject("SpecialToken").put("id", BOS).put("type_id", 0);
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        ArrayNode pair = post.putArray("pair");
        pair.addObject().putObject("SpecialToken").put("id", BOS).put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
        ObjectNode special = post.putObject("special_tokens").putObject(BOS);
        special.put("id", BOS);
        special.putArray("ids").add(id(BOS));
        special.putArray("tokens").add(BOS);
        root.putObject("decoder").put("type", "WordPiece").put("prefix", "##").put("cleanup", false);
        ObjectNode model = root.putObject("model");
        model.put("type", "WordLevel");
        ObjectNode vocab = model.putObject("vocab");
        for (int i = 0; i < words.size(); i++) {
            vocab.put(words.get(i), i);
        }
        model.put("unk_token", UNK);
        AtomicFiles.write(file, out -> json.writerWithDefaultPrettyPrinter().writeValue(out, root));
    }
}
