package dev.locus.ui.model;

import dev.locus.model.LocusModel;
import dev.locus.model.config.ModelConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the Model panel says about a loaded model. Built on the model thread ({@link #of} reads the weights' shapes),
 * shown on the JavaFX thread.
 *
 * @param weightBytes the weights' size in memory, in the type the model computes in
 */
public record ModelSummary(Path folder, String architecture, int layers, int heads, int kvHeads, int dModel,
        int dHead, int dMlp, int vocab, int contextLength, long parameters, String checkpointDtype, String computeType,
        String device, long weightBytes, boolean hasTokenizer) {

    /** Reads the summary of {@code model}; call on the model thread. */
    public static ModelSummary of(LocusModel model) {
        ModelConfig c = model.config();
        long params = model.transformer().weights().parameterCount();
        int bytesPer = bytesPer(model.computeType());
        return new ModelSummary(model.folder(), c.architecture(), c.nLayers(), c.nHeads(), c.nKvHeads(), c.dModel(),
                c.dHead(), c.dMlp(), c.vocabSize(), c.maxPositions(), params, model.checkpointDtype().name(),
                model.computeType(), model.deviceName(), params * bytesPer, model.tokenizer() != null);
    }

    /** Bytes per parameter of a compute type name ("float32"); by its name, since the tensor types stay in the engine. */
    static int bytesPer(String computeType) {
        String t = computeType.toLowerCase(Locale.ROOT);
        if (t.contains("64")) {
            return 8;
        }
        if (t.contains("16")) {
            return 2;
        }
        if (t.contains("int8") || t.contains("uint8")) {
            return 1;
        }
        return 4;
    }

    /** The rows the summary card shows, label to value, in reading order. */
    public Map<String, String> rows() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Architecture", architecture);
        m.put("Layers", Integer.toString(layers));
        m.put("Attention heads", kvHeads == heads ? Integer.toString(heads) : heads + " (" + kvHeads + " key/value)");
        m.put("d_model", Integer.toString(dModel));
        m.put("d_head", Integer.toString(dHead));
        m.put("d_mlp", Integer.toString(dMlp));
        m.put("Vocabulary", String.format(Locale.ROOT, "%,d tokens", vocab));
        m.put("Context", String.format(Locale.ROOT, "%,d positions", contextLength));
        m.put("Parameters", count(parameters));
        m.put("Checkpoint dtype", checkpointDtype);
        m.put("Computes in", computeType);
        m.put("Device", device);
        m.put("Weights in memory", bytes(weightBytes));
        m.put("Tokenizer", hasTokenizer ? "tokenizer.json" : "none (prompts cannot be typed)");
        return m;
    }

    /** "1.2 M (1,234,567)" */
    static String count(long n) {
        String exact = String.format(Locale.ROOT, "%,d", n);
        if (n < 10_000) {
            return exact;
        }
        double v = n;
        String unit;
        if (n >= 1_000_000_000L) {
            v /= 1e9;
            unit = "B";
        } else if (n >= 1_000_000) {
            v /= 1e6;
            unit = "M";
        } else {
            v /= 1e3;
            unit = "k";
        }
        return String.format(Locale.ROOT, "%.1f %s (%s)", v, unit, exact);
    }

    /** "4.2 MiB" */
    static String bytes(long n) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? n + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
