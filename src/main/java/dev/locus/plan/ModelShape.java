package dev.locus.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locus.core.JsonObject;
import dev.locus.core.LocusException;
import dev.locus.model.arch.ArchitectureAdapter;
import dev.locus.model.arch.Architectures;
import dev.locus.model.component.ComponentCatalog;
import dev.locus.model.config.ConfigJson;
import dev.locus.model.config.ModelConfig;
import dev.locus.model.config.ParamSpec;
import dev.locus.model.io.SafetensorsCheckpoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A model before any weight is read: its config, its parameters as the checkpoint's tensors name them, and their
 * count. From a folder (config.json and the safetensors headers only: seconds for a 7B folder), a config.json file,
 * or one of the published shapes Locus carries ({@link #NAMES}).
 *
 * @param name the folder, file or shape name
 * @param json the config.json as read
 */
public record ModelShape(String name, JsonObject json, ModelConfig config, List<ParamSpec> specs, long parameters) {
    /** The published config.json values Locus carries, by name. */
    public static final List<String> NAMES = List.of("llama-3.2-1b", "gemma-2-2b", "gemma-7b", "llama-3-8b",
            "gemma-2-9b");

    /** A model folder: config.json and the checkpoint's headers. */
    public static ModelShape ofFolder(Path folder) {
        JsonObject json = ConfigJson.read(folder.resolve("config.json"));
        ArchitectureAdapter adapter = Architectures.of(json);
        ModelConfig config = config(adapter, json);
        try (SafetensorsCheckpoint ckpt = SafetensorsCheckpoint.open(folder)) {
            return new ModelShape(folder.toString(), json, config, adapter.params(config, ckpt::contains),
                    ckpt.parameterCount());
        }
    }

    /** A config.json file, or a shape name of {@link #NAMES}. */
    public static ModelShape of(String nameOrFile) {
        if (NAMES.contains(nameOrFile)) {
            return fromText(nameOrFile, text(nameOrFile));
        }
        Path file = Path.of(nameOrFile);
        if (!Files.isRegularFile(file)) {
            throw new LocusException("--shape " + nameOrFile + ": neither a config.json file nor one of "
                    + String.join(", ", NAMES));
        }
        return fromJson(file.toString(), ConfigJson.read(file));
    }

    /** A config.json's text, named {@code name} in messages. */
    public static ModelShape fromText(String name, String configText) {
        return fromJson(name, JsonObject.root(name, JsonObject.parse(name, configText, new ObjectMapper())).nullIsAbsent());
    }

    /** The published config.json text of {@code name}. */
    public static String text(String name) {
        try (InputStream in = ModelShape.class.getResourceAsStream("shapes/" + name + ".json")) {
            if (in == null) {
                throw new LocusException("no built-in shape '" + name + "'; expected one of " + String.join(", ", NAMES));
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LocusException("cannot read the built-in shape '" + name + "': " + e.getMessage(), e);
        }
    }

    private static ModelShape fromJson(String name, JsonObject json) {
        ArchitectureAdapter adapter = Architectures.of(json);
        ModelConfig config = config(adapter, json);
        // a tied model's checkpoint has no separate unembedding; every other tensor is present
        List<ParamSpec> specs = adapter.params(config, t -> !(config.tiedEmbeddings() && t.equals("lm_head.weight")));
        java.util.Map<String, Long> sizes = new java.util.LinkedHashMap<>();
        specs.forEach(s -> s.sources().forEach(t -> sizes.put(t.tensor(),
                java.util.Arrays.stream(t.shape()).reduce(1, Math::multiplyExact))));
        long parameters = sizes.values().stream().mapToLong(Long::longValue).sum();
        return new ModelShape(name, json, config, specs, parameters);
    }

    private static ModelConfig config(ArchitectureAdapter adapter, JsonObject json) {
        try {
            return adapter.config(json);
        } catch (IllegalArgumentException e) {
            throw json.error(e.getMessage());
        }
    }

    /** The components every selection is made of. */
    public ComponentCatalog catalog() {
        return new ComponentCatalog(config, specs);
    }
}
