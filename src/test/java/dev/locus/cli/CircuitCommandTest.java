package dev.locus.cli;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import dev.locus.localize.HandBuiltPathModel;
import dev.locus.localize.circuit.CircuitFiles;
import dev.locus.localize.circuit.CircuitReport;
import dev.locus.localize.select.MaskFiles;
import dev.locus.localize.select.Selection;
import dev.locus.model.LocusModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code locus circuit}, as a user runs it: the files, the mask that loads back, one-line errors. */
class CircuitCommandTest {
    @TempDir
    Path tmp;

    @Test
    void findsThePathOfTheHandBuiltModelAndWritesItsFiles() throws Exception {
        HandBuiltPathModel built = HandBuiltPathModel.write(tmp.resolve("hand"), 7);
        Path out = tmp.resolve("out");
        CliTest.Run r = CliTest.run("circuit", "--model", built.modelDir().toString(), "--data", built.dataCsv().toString(),
                "--format-file", built.formatFile().toString(), "--forget", "first:16", "--method", "eap-ig",
                "--faithfulness", "0.9", "--per-position", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("eap-ig: 100%"), "progress on stderr: " + r.err());
        List<String> edges = Files.readAllLines(out.resolve("edges.csv"));
        assertEquals("upstream,downstream,position,score,normalized", edges.get(0));
        assertTrue(edges.get(1).startsWith("embed,L1.mlp,all,") || edges.get(1).startsWith("L1.mlp,L2.KV0.v,all,")
                || edges.get(1).startsWith("L2.H0,logits,all,"), "the path first: " + edges.get(1));
        assertTrue(edges.stream().anyMatch(l -> l.startsWith("L2.H0,logits,final,")), "per position class rows");
        CircuitReport report = CircuitFiles.read(out.resolve("circuit.json"));
        assertEquals(3, report.circuit().edges().size(), "the smallest circuit keeping 90% is the path: "
                + report.circuit().rule());
        assertTrue(report.faithfulness() >= 0.9, String.valueOf(report.faithfulness()));
        assertEquals(report.scores().layout().edgeCount(), report.scores().ranked().size(),
                "every edge's score read back from edges.csv beside it");
        assertNotNull(javax.imageio.ImageIO.read(out.resolve("circuit.png").toFile()), "the drawn graph");
        assertTrue(Files.readString(out.resolve("circuit.svg")).contains("<svg"));
        assertTrue(Files.readString(out.resolve("circuit.pdf"), java.nio.charset.StandardCharsets.ISO_8859_1).startsWith("%PDF"));
        List<String> curve = Files.readAllLines(out.resolve("faithfulness.csv"));
        assertEquals("top,edges,faithfulness", curve.get(0));
        try (LocusModel model = LocusModel.load(built.modelDir(), Device.cpu())) {
            Selection s = MaskFiles.readJson(out.resolve("masks/circuit.json"), model);
            assertEquals(List.of("L1.mlp", "L2.H0", "L2.H1"), s.components().ids());
            assertTrue(s.parameterCount() > 0);
        }
        assertTrue(r.out().contains("circuit: 3 edges"), r.out());
    }

    @Test
    void aConfigCanEditTheCircuitAsAMethodOfItsOwn() throws Exception {
        Path config = tmp.resolve("circuit.json");
        Files.writeString(config, "{\"name\": \"circuit-run\", \"forget\": \"first:8\", \"methods\": [\"circuit\"],"
                + " \"localization\": {\"circuit\": {\"method\": \"eap\", \"top\": 30}},"
                + " \"edit\": {\"steps\": 4, \"eval_every\": 4}, \"relearn\": {\"enabled\": false},"
                + " \"probes\": {\"enabled\": false}}");
        Path out = tmp.resolve("run");
        CliTest.Run r = CliTest.run("run", config.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        CircuitReport report = CircuitFiles.read(out.resolve("circuit/circuit.json"));
        assertTrue(report.circuit().rule().startsWith("top 30 edges"), report.circuit().rule());
        try (LocusModel model = LocusModel.load(Path.of("assets/sports-world"), Device.cpu())) {
            Selection s = MaskFiles.readJson(out.resolve("masks/circuit.json"), model);
            assertEquals(report.circuit().componentIds(), s.components().ids(), "the run edits the circuit's components");
        }
        assertTrue(Files.readAllLines(out.resolve("metrics.csv")).stream().anyMatch(l -> l.startsWith("circuit,0,after,")),
                "metrics for the circuit method");
    }

    @Test
    void badOptionsAreOneLine() throws Exception {
        Path out = tmp.resolve("bad");
        CliTest.Run two = CliTest.run("circuit", "--top", "5", "--threshold", "0.1", "--prompts", "4", "--out", out.toString());
        assertNotEquals(0, two.code());
        assertTrue(two.err().contains("choose a circuit by one rule: --top, --threshold or --faithfulness"), two.err());
        assertFalse(two.err().contains("Exception"), two.err());
        CliTest.Run method = CliTest.run("circuit", "--method", "eapp", "--out", out.toString());
        assertNotEquals(0, method.code());
        assertTrue(method.err().contains("circuit method 'eapp' not understood; expected one of eap, eap-ig, edge-patching"),
                method.err());
    }
}
