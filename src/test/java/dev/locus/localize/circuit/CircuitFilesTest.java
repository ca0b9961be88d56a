package dev.locus.localize.circuit;

import static org.junit.jupiter.api.Assertions.*;

import dev.locus.core.LocusException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Circuit files read back as written; a bad one is one line naming the file and what is wrong. */
class CircuitFilesTest {
    @TempDir
    Path tmp;

    private static CircuitReport report() {
        CircuitLayout layout = new CircuitLayout(2, 2, 1, false);
        double[] s = EdgeScores.unscored(layout);
        int nd = layout.downstreamCount();
        for (int v = 0; v < nd; v++) {
            for (int u = 0; u < layout.readers(v); u++) {
                s[u * nd + v] = 0.01 * (u + 1) * (v % 3 == 0 ? -1 : 1);
            }
        }
        s[0 * nd + layout.kIndex(0, 0)] = 2;                       // embed -> L0.KV0.k
        s[layout.headIndex(0, 1) * nd + layout.mlpInputIndex(0)] = 1.5;   // L0.H1 -> L0.mlp
        s[layout.mlpIndex(0) * nd + layout.logitsIndex()] = -1.2;       // L0.mlp -> logits
        EdgeScores scores = new EdgeScores(layout, "eap-ig", "subject-swap", "logit-diff", EdgeScores.ALL, 3, 1, s);
        Circuit c = CircuitExtraction.top(scores, 3);
        return new CircuitReport(Map.of(EdgeScores.ALL, scores), c, 0.75, List.of(new CircuitReport.Point(3, 3, 0.75)));
    }

    @Test
    void aWrittenCircuitReadsBackWithEveryEdge() {
        CircuitReport r = report();
        assertEquals(List.of("embed -> L0.KV0.k", "L0.H1 -> L0.mlp", "L0.mlp -> logits"),
                r.circuit().edges().stream().map(e -> r.scores().edgeName(e)).toList(),
                "the top 3 connect embed to the logits (the key/value head feeds both query heads)");
        CircuitFiles.write(tmp, r);
        CircuitReport back = CircuitFiles.read(tmp.resolve(CircuitFiles.CIRCUIT));
        assertEquals(r.circuit().edges(), back.circuit().edges());
        assertEquals(r.scores().ranked(), back.scores().ranked(), "every edge from edges.csv");
        assertEquals(0.75, back.faithfulness());
        assertEquals(r.curve(), back.curve());
        assertEquals(tmp.resolve("edges.csv"), CircuitFiles.edgesBeside(tmp.resolve("circuit.json")));
        assertEquals(tmp.resolve("mine.edges.csv"), CircuitFiles.edgesBeside(tmp.resolve("mine.json")));
    }

    @Test
    void badFilesAreOneLine() throws Exception {
        CircuitFiles.write(tmp, report());
        Path json = tmp.resolve(CircuitFiles.CIRCUIT);
        Path other = tmp.resolve("other.json");
        Files.writeString(other, "{\"name\": \"run\"}");
        assertEquals(other + ": format: expected \"locus-circuit\"; this is not a circuit file",
                assertThrows(LocusException.class, () -> CircuitFiles.read(other)).getMessage());
        Path typo = tmp.resolve("typo.json");
        Files.writeString(typo, Files.readString(json).replace("\"L0.H1\"", "\"L0.H7\""));
        assertEquals(typo + ": edges[1].upstream: no node 'L0.H7' in a graph of 2 layers x 2 heads",
                assertThrows(LocusException.class, () -> CircuitFiles.read(typo)).getMessage());
        List<String> lines = Files.readAllLines(tmp.resolve("edges.csv"));
        lines.set(2, "L9.mlp,logits,all,1,1");
        Files.write(tmp.resolve("edges.csv"), lines);
        assertEquals(tmp.resolve("edges.csv") + ": line 3: not an edge of this circuit's graph: L9.mlp,logits,all,1,1",
                assertThrows(LocusException.class, () -> CircuitFiles.read(json)).getMessage());
    }
}
