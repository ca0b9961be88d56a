package dev.locus.localize;

import dev.locus.localize.method.ComponentScores;
import dev.locus.localize.method.Probes;
import dev.locus.model.component.Component;
import dev.locus.model.hooks.HookPoints;
import dev.locus.model.io.CsvWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tidy CSV files a localization writes (read them with pandas):
 * <ul>
 *   <li>{@code scores.csv}: one row per component and position: {@code component} ({@code L{l}.H{h}},
 *       {@code L{l}.mlp}), {@code kind} (head, mlp), {@code layer}, {@code head}, {@code site} (the hook point patched
 *       or attributed), {@code position} ({@code all}, or a position class's index for per-position patching),
 *       {@code token} (that position's token: the template's own, or subject-first, subject-last, final, ...),
 *       {@code score} (positive when the component carries the answer, in metric units), {@code normalized}
 *       (score / (clean - corrupted metric)); attribution patching adds {@code q,k,v,z,mlp_in,mlp_out}</li>
 *   <li>{@code tracing.csv} (causal tracing): the heatmap, {@code layer,position,token,site,effect,normalized}, site
 *       {@code resid}, {@code mlp} or {@code attn}</li>
 *   <li>{@code probes.csv}: {@code layer,hook,position,input,accuracy,train_accuracy,train,test,chance}</li>
 *   <li>{@code <method>.json} beside a run's {@code <method>.csv}: what the rows do not hold ({@code method},
 *       {@code metric}, {@code setting}, {@code prompts}, {@code clean}, {@code corrupted}, {@code layer_scores}), so
 *       that {@link LocalizationReader} can give the workbench the localization back</li>
 * </ul>
 */
public final class LocalizationFiles {
    private static final List<String> AP_DETAILS = List.of("q", "k", "v", "z", "in", "out");

    private LocalizationFiles() {
    }

    public static void writeScores(Path file, ComponentScores s) {
        boolean details = s.rows().stream().anyMatch(r -> !r.details().isEmpty());
        List<String> header = new ArrayList<>(List.of("component", "kind", "layer", "head", "site", "position", "token",
                "score", "normalized"));
        if (details) {
            header.addAll(List.of("q", "k", "v", "z", "mlp_in", "mlp_out"));
        }
        List<List<?>> rows = new ArrayList<>();
        for (ComponentScores.Row r : s.rows()) {
            List<Object> row = new ArrayList<>(Arrays.asList(r.component(), r.isMlp() ? "mlp" : "head", r.layer(),
                    r.isMlp() ? null : r.head(), site(r.component(), r.layer()), "all", null, r.score(), r.normalized()));
            if (details) {
                AP_DETAILS.forEach(k -> row.add(r.details().get(k)));
            }
            rows.add(row);
        }
        if (!s.method().equals("causal-tracing")) {
            for (ComponentScores.PositionEffect p : s.positions()) {
                ComponentScores.Row r = s.row(p.site());
                List<Object> row = new ArrayList<>(Arrays.asList(r.component(), r.isMlp() ? "mlp" : "head", r.layer(),
                        r.isMlp() ? null : r.head(), site(r.component(), r.layer()), p.position(), p.token(),
                        p.effect(), p.normalized()));
                if (details) {
                    AP_DETAILS.forEach(k -> row.add(null));
                }
                rows.add(row);
            }
        }
        CsvWriter.write(file, header, rows);
    }

    /** The {@code <method>.json} of scores found on {@code prompts} prompts (see the class description). */
    public static void writeSummary(Path file, ComponentScores s, int prompts) {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode o = json.createObjectNode();
        o.put("method", s.method());
        o.put("metric", s.metric().text());
        o.put("setting", s.setting());
        o.put("prompts", prompts);
        o.put("clean", s.clean());
        o.put("corrupted", s.corrupted());
        com.fasterxml.jackson.databind.node.ObjectNode layers = o.putObject("layer_scores");
        s.layerScores().forEach(layers::put);
        dev.locus.model.io.AtomicFiles.writeString(file, o.toPrettyString());
    }

    public static void writeTracing(Path file, ComponentScores s) {
        List<List<?>> rows = new ArrayList<>();
        for (ComponentScores.PositionEffect p : s.positions()) {
            rows.add(List.of(p.layer(), p.position(), p.token(), p.site(), p.effect(), p.normalized()));
        }
        CsvWriter.write(file, List.of("layer", "position", "token", "site", "effect", "normalized"), rows);
    }

    public static void writeProbes(Path file, List<Probes.Row> probes) {
        List<List<?>> rows = new ArrayList<>();
        for (Probes.Row r : probes) {
            rows.add(List.of(r.layer(), r.hook(), r.position(), r.input(), r.accuracy(), r.trainAccuracy(), r.train(),
                    r.test(), r.chance()));
        }
        CsvWriter.write(file, List.of("layer", "hook", "position", "input", "accuracy", "train_accuracy", "train",
                "test", "chance"), rows);
    }

    private static String site(String component, int layer) {
        if (Component.parse(component).map(c -> c.kind() == Component.Kind.MLP).orElse(false)) {
            return HookPoints.mlpOut(layer);
        }
        return HookPoints.z(layer);
    }
}
