package dev.locus.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.locus.model.LocusModel;
import dev.locus.model.component.Component;
import dev.locus.model.config.ModelConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code locus info}: what a model is, and its components. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show a model's architecture, sizes, parameter count, dtype, device and components.")
final class InfoCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--json", description = "print one JSON object instead of text")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (LocusModel model = modelOptions.load()) {
            Map<String, Object> info = describe(model);
            var out = spec.commandLine().getOut();
            if (json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(info));
            } else {
                info.forEach((k, v) -> {
                    if (!k.equals("components")) {
                        out.printf("%-13s %s%n", k, v);
                    }
                });
                out.printf("%-13s %s%n", "components", String.join(" ",
                        model.components().all().stream().map(Component::id).toList()));
            }
            out.flush();
        }
        return 0;
    }

    /** The facts shown, in display order; also the JSON layout. */
    static Map<String, Object> describe(LocusModel model) {
        ModelConfig c = model.config();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("model", String.valueOf(model.folder()));
        info.put("architecture", c.architecture());
        info.put("layers", c.nLayers());
        info.put("heads", c.nHeads());
        info.put("kv_heads", c.nKvHeads());
        info.put("d_model", c.dModel());
        info.put("d_head", c.dHead());
        info.put("d_mlp", c.dMlp());
        info.put("vocab", c.vocabSize());
        info.put("parameters", model.transformer().weights().parameterCount());
        info.put("dtype", model.checkpointDtype().name());
        info.put("compute_dtype", model.computeType());
        info.put("device", model.deviceName());
        List<Map<String, Object>> comps = new ArrayList<>();
        for (Component comp : model.components().all()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", comp.id());
            m.put("kind", comp.kind().name().toLowerCase(java.util.Locale.ROOT));
            m.put("layer", comp.layer());
            if (comp.head() >= 0) {
                m.put("head", comp.head());
            }
            m.put("parameters", comp.parameterCount());
            m.put("tensors", comp.checkpointTensors());
            comps.add(m);
        }
        info.put("components", comps);
        return info;
    }
}
