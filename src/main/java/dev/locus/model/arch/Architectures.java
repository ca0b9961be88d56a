package dev.locus.model.arch;

import dev.locus.core.JsonObject;
import dev.locus.core.LocusException;
import dev.locus.core.Messages;
import dev.locus.model.config.ConfigJson;
import java.util.List;
import java.util.stream.Collectors;

/** The supported architectures, found by name. */
public final class Architectures {
    private static final List<ArchitectureAdapter> ALL = List.of(
            new Gpt2Adapter(), new LlamaAdapter(), new GemmaAdapter(), new Gemma2Adapter(),
            new Qwen2Adapter(), new Qwen3Adapter(), new MistralAdapter(), new Olmo2Adapter(), new GptNeoxAdapter(),
            new Phi3Adapter());

    private Architectures() {
    }

    public static List<ArchitectureAdapter> all() {
        return ALL;
    }

    /** The adapter for a Hugging Face architecture name such as {@code LlamaForCausalLM}. */
    public static ArchitectureAdapter named(String architecture) {
        for (ArchitectureAdapter a : ALL) {
            if (a.architecture().equals(architecture)) {
                return a;
            }
        }
        throw new LocusException("architecture '" + architecture + "' is not supported");
    }

    /** The adapter for a config's {@code architectures[0]} (or {@code model_type}); unknown ones are refused. */
    public static ArchitectureAdapter of(JsonObject json) {
        String arch = ConfigJson.architecture(json);
        String type = json.text("model_type", null);
        for (ArchitectureAdapter a : ALL) {
            if (arch != null ? a.architecture().equals(arch) : a.modelType().equals(type)) {
                return a;
            }
        }
        String supported = "; Locus runs " + ALL.stream().map(ArchitectureAdapter::architecture)
                .collect(Collectors.joining(", "));
        if (arch == null && type == null) {
            throw json.error("has no architectures or model_type field" + supported);
        }
        String field = arch != null ? "architectures" : "model_type";
        String name = Messages.clip(arch != null ? arch : type, 80);
        throw json.error(field, "\"" + name + "\" is not supported" + supported);
    }
}
