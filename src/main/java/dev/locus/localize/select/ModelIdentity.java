package dev.locus.localize.select;

import dev.locus.core.Messages;
import dev.locus.model.LocusModel;
import dev.locus.model.config.ModelConfig;
import dev.locus.model.config.ParamSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which model a mask was made for, stored with every mask so that loading it into another model is a clear error
 * rather than a silently wrong edit. It describes structure, not weight values: a mask made on a model still applies
 * to an edited copy of it (other folder name, other weights).
 *
 * @param name the model's folder name, or {@code in-memory}; informative only, never compared
 * @param fingerprint SHA-256 (hex) of the checkpoint tensors Locus reads, one line {@code name[d0, d1]} each, sorted
 *     by name and joined with {@code \n}
 */
public record ModelIdentity(String name, String architecture, int nLayers, int nHeads, int nKvHeads, int dHead,
        int dModel, int dMlp, int vocabSize, String fingerprint) {

    public ModelIdentity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    /** The identity of a loaded (or in-memory) model. */
    public static ModelIdentity of(LocusModel model) {
        ModelConfig c = model.config();
        return new ModelIdentity(name(model.folder()), c.architecture(), c.nLayers(), c.nHeads(), c.nKvHeads(),
                c.dHead(), c.dModel(), c.dMlp(), c.vocabSize(), fingerprint(model.components().specs()));
    }

    /** The fingerprint of the checkpoint tensors these specs read (see the record's description). */
    public static String fingerprint(List<ParamSpec> specs) {
        // Sorted by name so that adapter order, shard layout and spec grouping do not change it.
        Map<String, long[]> tensors = new TreeMap<>();
        for (ParamSpec spec : specs) {
            for (ParamSpec.Source s : spec.sources()) {
                tensors.put(s.tensor(), s.shape());
            }
        }
        StringBuilder text = new StringBuilder();
        tensors.forEach((tensor, shape) -> text.append(text.length() == 0 ? "" : "\n").append(tensor)
                .append(Arrays.toString(shape)));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /**
     * Empty when a mask made for this model applies to {@code current}; else what differs, in words: "made for a
     * model with 8 layers, d_model 128 (sports-world); this model (tiny) has 2 layers, d_model 32".
     */
    public Optional<String> difference(ModelIdentity current) {
        List<String> mine = new ArrayList<>();
        List<String> theirs = new ArrayList<>();
        compare(mine, theirs, "architecture ", architecture, current.architecture, "");
        compare(mine, theirs, "", nLayers, current.nLayers, " layers");
        compare(mine, theirs, "", nHeads, current.nHeads, " heads");
        compare(mine, theirs, "", nKvHeads, current.nKvHeads, " key/value heads");
        compare(mine, theirs, "d_head ", dHead, current.dHead, "");
        compare(mine, theirs, "d_model ", dModel, current.dModel, "");
        compare(mine, theirs, "d_mlp ", dMlp, current.dMlp, "");
        compare(mine, theirs, "a vocabulary of ", vocabSize, current.vocabSize, "");
        if (mine.isEmpty() && !fingerprint.equals(current.fingerprint)) {
            // Same dimensions, other tensors: e.g. biases, a tied head, or GPT-2 with and without "transformer.".
            mine.add("checkpoint fingerprint " + shortHash(fingerprint));
            theirs.add("fingerprint " + shortHash(current.fingerprint)
                    + " (same dimensions, other checkpoint tensor names or shapes)");
        }
        if (mine.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("made for a model with " + String.join(", ", mine) + " (" + Messages.clip(name, 80)
                + "); this model (" + Messages.clip(current.name, 80) + ") has " + String.join(", ", theirs));
    }

    private static void compare(List<String> mine, List<String> theirs, String before, Object a, Object b,
            String after) {
        if (!a.equals(b)) {
            mine.add(before + Messages.clip(String.valueOf(a), 80) + after); // a comes from a file
            theirs.add(before + b + after);
        }
    }

    private static String shortHash(String hash) {
        return hash.length() <= 12 ? hash : hash.substring(0, 12) + "...";
    }

    private static String name(Path folder) {
        if (folder == null) {
            return "in-memory";
        }
        Path normal = folder.toAbsolutePath().normalize();
        return normal.getFileName() == null ? normal.toString() : normal.getFileName().toString();
    }
}
