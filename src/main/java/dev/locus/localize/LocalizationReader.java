package dev.locus.localize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locus.core.LocusException;
import dev.locus.data.files.CsvParser;
import dev.locus.localize.method.ComponentScores;
import dev.locus.localize.method.Metric;
import dev.locus.localize.method.Probes;
import dev.locus.model.component.Component;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads back what {@link LocalizationFiles} wrote into a run's {@code scores/}: a method's scores (its CSV rows and
 * its {@code <method>.json}), the causal-tracing heatmap, and the probe curve, so that a finished run's localization
 * shows in the workbench without running it again. Errors name the file and line.
 */
public final class LocalizationReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> DETAILS = Map.of("q", "q", "k", "k", "v", "v", "z", "z", "mlp_in", "in",
            "mlp_out", "out");

    private LocalizationReader() {
    }

    /** Whether {@code dir} holds the scores of {@code method} with their summary (runs since the summary was added). */
    public static boolean has(Path dir, String method) {
        return Files.isRegularFile(dir.resolve(method + ".csv")) && Files.isRegularFile(dir.resolve(method + ".json"));
    }

    /** The result of {@code method} ({@code causal-tracing}, {@code attribution-patching}, ...) as a run wrote it. */
    public static Localization.Result result(Path dir, String method) {
        Path summaryFile = dir.resolve(method + ".json");
        JsonNode summary;
        try {
            summary = JSON.readTree(summaryFile.toFile());
        } catch (IOException e) {
            throw new LocusException(summaryFile + ": cannot read (" + e.getMessage() + ")", e);
        }
        Metric metric = Metric.parse(summary.path("metric").asText());
        Map<String, Double> layerScores = new LinkedHashMap<>();
        summary.path("layer_scores").fields().forEachRemaining(e -> layerScores.put(e.getKey(), e.getValue().asDouble()));
        List<ComponentScores.Row> rows = new ArrayList<>();
        List<ComponentScores.PositionEffect> positions = new ArrayList<>();
        for (Map<String, String> r : table(dir.resolve(method + ".csv"))) {
            String component = r.get("component");
            int layer = Component.parse(component).map(Component.Ref::layer)
                    .orElseThrow(() -> new LocusException(dir.resolve(method + ".csv") + ": component '" + component
                            + "' not understood"));
            if (r.get("position").equals("all")) {
                Map<String, Double> details = new LinkedHashMap<>();
                DETAILS.forEach((column, key) -> {
                    String v = r.get(column);
                    if (v != null && !v.isEmpty()) {
                        details.put(key, Double.parseDouble(v));
                    }
                });
                int head = r.get("kind").equals("mlp") ? -1 : Integer.parseInt(r.get("head"));
                rows.add(new ComponentScores.Row(component, layer, head, number(r, "score"), number(r, "normalized"),
                        details));
            } else {
                positions.add(new ComponentScores.PositionEffect(component, layer, Integer.parseInt(r.get("position")),
                        r.get("token"), number(r, "score"), number(r, "normalized")));
            }
        }
        Path tracing = dir.resolve("causal-tracing-heatmap.csv");
        if (method.equals("causal-tracing") && Files.isRegularFile(tracing)) {
            for (Map<String, String> r : table(tracing)) {
                positions.add(new ComponentScores.PositionEffect(r.get("site"), Integer.parseInt(r.get("layer")),
                        Integer.parseInt(r.get("position")), r.get("token"), number(r, "effect"), number(r, "normalized")));
            }
        }
        ComponentScores scores = new ComponentScores(method, metric, summary.path("setting").asText(), rows, layerScores,
                summary.path("clean").asDouble(), summary.path("corrupted").asDouble(), positions);
        Localization.Method m = Localization.Method.parse(method);
        int prompts = summary.path("prompts").asInt();
        return new Localization.Result(Localization.Request.of(m).withMetric(metric).withPrompts(prompts), prompts,
                scores, List.of(), Map.of(), Map.of());
    }

    /** The probe curve a run's FLU localization wrote ({@code probes.csv}), as a probes result. */
    public static Localization.Result probes(Path file) {
        List<Probes.Row> rows = new ArrayList<>();
        for (Map<String, String> r : table(file)) {
            rows.add(new Probes.Row(Integer.parseInt(r.get("layer")), r.get("hook"), r.get("position"), r.get("input"),
                    number(r, "accuracy"), number(r, "train_accuracy"), Integer.parseInt(r.get("train")),
                    Integer.parseInt(r.get("test")), number(r, "chance")));
        }
        return new Localization.Result(Localization.Request.of(Localization.Method.PROBES), 0, null, rows, Map.of(),
                Map.of());
    }

    private static double number(Map<String, String> row, String column) {
        String v = row.get(column);
        return v == null || v.isEmpty() ? Double.NaN : Double.parseDouble(v);
    }

    /** The rows of a CSV file by column name; a malformed file is one message naming it and the line. */
    private static List<Map<String, String>> table(Path file) {
        List<Map<String, String>> out = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            CsvParser parser = new CsvParser(reader, file.toString());
            List<String> header = parser.next();
            if (header == null) {
                return out;
            }
            for (List<String> cells = parser.next(); cells != null; cells = parser.next()) {
                if (cells.size() != header.size()) {
                    throw new LocusException(file + ": line " + parser.recordLine() + ": " + cells.size()
                            + " fields, expected " + header.size());
                }
                Map<String, String> row = new HashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    row.put(header.get(i), cells.get(i));
                }
                out.add(row);
            }
            return out;
        } catch (NumberFormatException e) {
            throw new LocusException(file + ": a number is malformed (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new LocusException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
