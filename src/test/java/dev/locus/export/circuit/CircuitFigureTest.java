package dev.locus.export.circuit;

import static org.junit.jupiter.api.Assertions.*;

import dev.locus.export.FigureExport;
import dev.locus.localize.circuit.Circuit;
import dev.locus.localize.circuit.CircuitLayout;
import dev.locus.localize.circuit.CircuitReport;
import dev.locus.localize.circuit.EdgeScores;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The circuit figure without a window: what it draws, where the mouse hits, and its files. */
class CircuitFigureTest {
    @TempDir
    Path tmp;

    /** Random scores on every edge of a layout, and its top n edges (not pruned) as the circuit: the benchmark's. */
    static Circuit random(CircuitLayout layout, int n, long seed) {
        return dev.locus.ui.drive.CircuitViewBench.synthetic(layout, n, seed);
    }

    @Test
    void thePaperSizeWithFiveThousandEdgesDrawsEveryEdgeIntoAnImage() {
        Circuit c = random(new CircuitLayout(42, 16, 8, false), 5000, 1);
        CircuitFigure figure = new CircuitFigure(c, List.of("L3.H2", "L40.mlp"), List.of("L5.attn"), "synthetic");
        assertEquals(5000, figure.edgeCount());
        BufferedImage image = new BufferedImage(900, 1400, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        double scale = Math.min(900 / figure.geometry().width(), 1400 / figure.geometry().height());
        int drawn = figure.drawGraph(g, scale, 0, 0, 0, 0, 900, 1400);
        g.dispose();
        assertEquals(5000, drawn, "the whole graph is in view: every edge is drawn");
        int red = 0;
        int blue = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y);
                int rr = rgb >> 16 & 0xff;
                int bb = rgb & 0xff;
                red += rr > bb + 60 ? 1 : 0;
                blue += bb > rr + 60 ? 1 : 0;
            }
        }
        assertTrue(red > 1000 && blue > 1000, "edges of both signs show: " + red + " red, " + blue + " blue pixels");
        // Zoomed in on one corner, the edges wholly outside the view are culled.
        BufferedImage small = new BufferedImage(200, 200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = small.createGraphics();
        int culled = figure.drawGraph(g2, 2, 0, 0, 0, 0, 200, 200);
        g2.dispose();
        assertTrue(culled < 5000, "zoomed in, " + culled + " of 5000 edges meet the view");
    }

    @Test
    void anSvgHasOnePathPerEdgeAndTheOutlinesInTheHeatmapsColors() {
        CircuitLayout layout = new CircuitLayout(2, 2, 2, false);
        double[] s = EdgeScores.unscored(layout);
        int nd = layout.downstreamCount();
        int[][] chosen = {{0, layout.qIndex(0, 1)}, {layout.headIndex(0, 1), layout.mlpInputIndex(0)},
                {layout.mlpIndex(0), layout.vIndex(1, 0)}, {layout.headIndex(1, 0), layout.logitsIndex()}};
        List<EdgeScores.Edge> edges = new ArrayList<>();
        double sign = 1;
        for (int[] e : chosen) {
            s[e[0] * nd + e[1]] = sign * (1 + edges.size());
            edges.add(new EdgeScores.Edge(e[0], e[1], s[e[0] * nd + e[1]]));
            sign = -sign;
        }
        EdgeScores scores = new EdgeScores(layout, "eap", "", "logit-diff", EdgeScores.ALL, 4, 0, s);
        CircuitFigure figure = new CircuitFigure(new Circuit(scores, edges, "by hand"), List.of("L0.H1"),
                List.of("L1.mlp"), "a small circuit");
        String svg = FigureExport.svg(figure, figure.naturalWidth(), figure.naturalHeight());
        assertEquals(4, count(svg, "<path"), "one curve per edge:\n" + svg);
        assertTrue(svg.contains("rgb(44,160,44)"), "the comparison is outlined in the heatmaps' green");
        assertTrue(svg.contains(">L1<") && svg.contains(">MLP<") && svg.contains(">logits<"), "labels are text");
        assertTrue(figure.inCircuit(figure.geometry().node("L0.H1")));
        assertFalse(figure.inCircuit(figure.geometry().node("L1.H1")), "L1.H1 is not in the circuit");

        // The mouse: the middle of an edge's curve hits that edge, a node's centre that node.
        CircuitGeometry geo = figure.geometry();
        int i = indexOf(figure, layout.mlpIndex(0), layout.vIndex(1, 0));
        double mx = (geo.startX(layout.mlpIndex(0)) + geo.portX(layout.vIndex(1, 0))) / 2;
        double my = (geo.startY(layout.mlpIndex(0)) + geo.portY(layout.vIndex(1, 0))) / 2;
        assertEquals(i, figure.edgeAt(mx * 2 + 10, my * 2 + 5, 2, 10, 5, 4));
        assertEquals(-1, figure.edgeAt(1, 1, 2, 10, 5, 4));
        int node = geo.node("L1.H0");
        assertEquals(node, figure.nodeAt(geo.x(node) * 2 + 10, geo.y(node) * 2 + 5, 2, 10, 5));
    }

    @Test
    void writeAllWritesAPngAnSvgAndAPdfThatParse() throws Exception {
        Circuit c = random(new CircuitLayout(4, 4, 4, false), 40, 3);
        CircuitReport report = new CircuitReport(Map.of(EdgeScores.ALL, c.scores()), c, 0.84, List.of());
        CircuitFigure figure = CircuitFigure.writeAll(report, tmp, "circuit", 96, null, null);
        BufferedImage png = ImageIO.read(tmp.resolve("circuit.png").toFile());
        assertEquals(figure.naturalWidth(), png.getWidth());
        assertTrue(Files.readString(tmp.resolve("circuit.svg")).contains("<svg"));
        assertTrue(Files.readString(tmp.resolve("circuit.svg")).contains("faithfulness 0.84"));
        assertEquals("%PDF", new String(Files.readAllBytes(tmp.resolve("circuit.pdf")), 0, 4,
                java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(40, count(Files.readString(tmp.resolve("circuit.svg")), "<path"));
    }

    private static int indexOf(CircuitFigure f, int u, int v) {
        for (int i = 0; i < f.edgeCount(); i++) {
            if (f.edge(i).upstream() == u && f.edge(i).downstream() == v) {
                return i;
            }
        }
        throw new AssertionError("no edge " + u + " -> " + v);
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
