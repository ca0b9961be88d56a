package dev.locus.localize.circuit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.core.JsonArray;
import dev.locus.core.JsonObject;
import dev.locus.core.LocusException;
import dev.locus.model.io.AtomicFiles;
import dev.locus.model.io.CsvWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A circuit's files: {@code edges.csv} (every scored edge: upstream, downstream, position, score, normalized),
 * {@code circuit.json} (the graph's shape, how the circuit was chosen, its nodes, edges and faithfulness, the curve)
 * and {@code faithfulness.csv} (the curve). {@link #read} opens {@code circuit.json} again, with every edge from the
 * {@code edges.csv} beside it when there is one.
 */
public final class CircuitFiles {
    public static final String EDGES = "edges.csv";
    public static final String CIRCUIT = "circuit.json";
    public static final String FAITHFULNESS = "faithfulness.csv";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CircuitFiles() {
    }

    /**
     * Where the edges of a circuit file are kept: {@code edges.csv} beside {@code circuit.json} (as {@code locus circuit}
     * writes them), {@code NAME.edges.csv} beside any other {@code NAME.json}, so that two circuits saved in one folder
     * keep their own.
     */
    public static Path edgesBeside(Path circuitJson) {
        String name = circuitJson.getFileName().toString();
        String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return circuitJson.resolveSibling(base.equals("circuit") ? EDGES : base + ".edges.csv");
    }

    /** Writes the three files into {@code dir}. */
    public static void write(Path dir, CircuitReport report) {
        writeEdges(dir.resolve(EDGES), report.byPosition().values());
        writeCircuit(dir.resolve(CIRCUIT), report);
        List<List<?>> rows = new ArrayList<>();
        for (CircuitReport.Point p : report.curve()) {
            rows.add(List.of(p.top(), p.edges(), num(p.faithfulness())));
        }
        CsvWriter.write(dir.resolve(FAITHFULNESS), List.of("top", "edges", "faithfulness"), rows);
    }

    public static void writeEdges(Path file, Iterable<EdgeScores> scores) {
        List<List<?>> rows = new ArrayList<>();
        for (EdgeScores s : scores) {
            for (EdgeScores.Edge e : s.ranked()) {
                rows.add(List.of(s.layout().upstreamName(e.upstream()), s.layout().downstreamName(e.downstream()),
                        s.position(), num(e.score()), num(s.normalized(e.score()))));
            }
        }
        CsvWriter.write(file, List.of("upstream", "downstream", "position", "score", "normalized"), rows);
    }

    public static void writeCircuit(Path file, CircuitReport report) {
        Circuit c = report.circuit();
        EdgeScores s = c.scores();
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "locus-circuit");
        root.put("version", 1);
        ObjectNode graph = root.putObject("graph");
        graph.put("layers", s.layout().layers());
        graph.put("heads", s.layout().heads());
        graph.put("kv_heads", s.layout().kvHeads());
        graph.put("parallel_residual", s.layout().parallel());
        root.put("method", s.method());
        root.put("metric", s.metric());
        root.put("setting", s.setting());
        root.put("position", s.position());
        root.put("clean", s.clean());
        root.put("corrupted", s.corrupted());
        root.put("chosen_by", c.rule());
        if (Double.isNaN(report.faithfulness())) {
            root.putNull("faithfulness");
        } else {
            root.put("faithfulness", report.faithfulness());
        }
        ArrayNode nodes = root.putArray("nodes");
        c.nodes().forEach(nodes::add);
        ArrayNode components = root.putArray("components");
        c.componentIds().forEach(components::add);
        ArrayNode edges = root.putArray("edges");
        for (EdgeScores.Edge e : c.edges()) {
            ObjectNode o = edges.addObject();
            o.put("upstream", s.layout().upstreamName(e.upstream()));
            o.put("downstream", s.layout().downstreamName(e.downstream()));
            o.put("score", e.score());
            o.put("normalized", s.normalized(e.score()));
        }
        ArrayNode curve = root.putArray("curve");
        for (CircuitReport.Point p : report.curve()) {
            ObjectNode o = curve.addObject();
            o.put("top", p.top());
            o.put("edges", p.edges());
            o.put("faithfulness", p.faithfulness());
        }
        AtomicFiles.write(file, out -> out.write((JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n")
                .getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Reads a circuit file; every edge's score comes from the edges file beside it ({@link #edgesBeside}) when there is
     * one (so that the view can choose again), else only the circuit's own edges are scored.
     */
    public static CircuitReport read(Path file) {
        String label = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LocusException(label + ": cannot read (" + e.getMessage() + ")", e);
        }
        JsonObject root = JsonObject.root(label, JsonObject.parse(label, text, JSON));
        if (!"locus-circuit".equals(root.text("format", ""))) {
            throw root.error("format", "expected \"locus-circuit\"; this is not a circuit file");
        }
        JsonObject g = root.object("graph");
        CircuitLayout layout = new CircuitLayout(g.whole("layers", 1, 10_000), g.whole("heads", 1, 10_000),
                g.whole("kv_heads", 1, 10_000), g.flag("parallel_residual", false));
        String position = root.text("position", EdgeScores.ALL);
        double clean = anyNumber(root, "clean");
        double corrupted = anyNumber(root, "corrupted");
        double[] own = EdgeScores.unscored(layout);
        List<EdgeScores.Edge> edges = new ArrayList<>();
        JsonArray list = root.array("edges", "a list of edges");
        for (int i = 0; i < list.size(); i++) {
            JsonObject o = list.object(i);
            int u = upstream(layout, o, o.text("upstream"));
            int v = downstream(layout, o, o.text("downstream"));
            if (!layout.hasEdge(u, v)) {
                throw o.error(o.text("upstream") + " -> " + o.text("downstream") + " is not an edge of this graph");
            }
            double score = anyNumber(o, "score");
            own[u * layout.downstreamCount() + v] = score;
            edges.add(new EdgeScores.Edge(u, v, score));
        }
        Map<String, EdgeScores> byPosition = new LinkedHashMap<>();
        Path csv = edgesBeside(file);
        String method = root.text("method", "");
        String setting = root.text("setting", "");
        String metric = root.text("metric", "");
        if (Files.isRegularFile(csv)) {
            readEdges(csv, layout).forEach((pos, scores) -> byPosition.put(pos,
                    new EdgeScores(layout, method, setting, metric, pos, clean, corrupted, scores)));
        }
        EdgeScores scores = byPosition.computeIfAbsent(position,
                p -> new EdgeScores(layout, method, setting, metric, p, clean, corrupted, own));
        List<CircuitReport.Point> curve = new ArrayList<>();
        JsonArray points = root.has("curve") ? root.array("curve", "a list of points") : null;
        for (int i = 0; points != null && i < points.size(); i++) {
            JsonObject o = points.object(i);
            curve.add(new CircuitReport.Point(o.whole("top", 0, Integer.MAX_VALUE), o.whole("edges", 0, Integer.MAX_VALUE),
                    anyNumber(o, "faithfulness")));
        }
        double faithfulness = root.has("faithfulness") && !root.get("faithfulness").isNull()
                ? anyNumber(root, "faithfulness") : Double.NaN;
        return new CircuitReport(byPosition, new Circuit(scores, edges, root.text("chosen_by", "")), faithfulness, curve);
    }

    /** The scores in an edges.csv by position; a line that names no edge of the layout is an error with its number. */
    public static Map<String, double[]> readEdges(Path csv, CircuitLayout layout) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LocusException(csv + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (lines.isEmpty() || !lines.get(0).startsWith("upstream,downstream,position,score")) {
            throw new LocusException(csv + ": line 1: expected the header upstream,downstream,position,score,normalized");
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            int u = f.length >= 4 ? layout.upstreamIndex(f[0]) : -1;
            int v = f.length >= 4 ? layout.downstreamIndex(f[1]) : -1;
            if (u < 0 || v < 0 || !layout.hasEdge(u, v)) {
                throw new LocusException(csv + ": line " + (i + 1) + ": not an edge of this circuit's graph: " + line);
            }
            double score;
            try {
                score = Double.parseDouble(f[3]);
            } catch (NumberFormatException e) {
                throw new LocusException(csv + ": line " + (i + 1) + ": score is not a number: " + f[3], e);
            }
            out.computeIfAbsent(f[2], p -> EdgeScores.unscored(layout))[u * layout.downstreamCount() + v] = score;
        }
        return out;
    }

    private static int upstream(CircuitLayout layout, JsonObject o, String name) {
        int u = layout.upstreamIndex(name);
        if (u < 0) {
            throw o.error("upstream", "no node '" + name + "' in a graph of " + layout.layers() + " layers x "
                    + layout.heads() + " heads");
        }
        return u;
    }

    private static int downstream(CircuitLayout layout, JsonObject o, String name) {
        int v = layout.downstreamIndex(name);
        if (v < 0) {
            throw o.error("downstream", "no input '" + name + "' in a graph of " + layout.layers() + " layers x "
                    + layout.heads() + " heads");
        }
        return v;
    }

    private static double anyNumber(JsonObject o, String field) {
        JsonNode n = o.get(field);
        if (n == null || !n.isNumber()) {
            throw o.error(field, n == null ? "is missing" : "expected a number, got " + JsonObject.describe(n));
        }
        return n.asDouble();
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
