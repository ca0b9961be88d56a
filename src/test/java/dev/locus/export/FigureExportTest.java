package dev.locus.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jfree.chart.JFreeChart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class FigureExportTest {
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private static Map<String, JFreeChart> charts(int seeds) {
        Map<String, JFreeChart> charts = new LinkedHashMap<>();
        charts.put("bars-standard", BeforeAfterBars.beforeAfterBars("Standard", FigureData.metricRows(seeds),
                "standard", BeforeAfterBars.standardPanels()));
        charts.put("bars-mcq", BeforeAfterBars.beforeAfterBars("Multiple Choice", FigureData.metricRows(seeds),
                "standard", BeforeAfterBars.mcqPanels()));
        charts.put("relearn-standard", CurveCharts.relearnCurves(FigureData.metricRows(seeds), "standard"));
        charts.put("relearn-mcq", CurveCharts.relearnCurves(FigureData.metricRows(seeds), "mcq"));
        charts.put("probes-true", CurveCharts.probeCurves(FigureData.probeRows(seeds), "true"));
        charts.put("probes-edit", CurveCharts.probeCurves(FigureData.probeRows(seeds), "edit"));
        charts.put("radar", RadarChart.radar(FigureData.metricRows(seeds)));
        return charts;
    }

    @Test
    void runsHeadless() {
        assertTrue(GraphicsEnvironment.isHeadless(), "surefire runs with java.awt.headless=true");
    }

    @Test
    void everyChartBecomesAPngAnSvgAndAPdf(@TempDir Path dir) throws Exception {
        for (Map.Entry<String, JFreeChart> entry : charts(1).entrySet()) {
            String name = entry.getKey();
            FigureExport.writeAll(entry.getValue(), dir, name, 800, 500, 150);

            byte[] png = Files.readAllBytes(dir.resolve(name + ".png"));
            assertArrayEquals(PNG_MAGIC, Arrays.copyOf(png, 8), name);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertEquals(800 * 150 / 96, image.getWidth(), name); // 1250
            assertEquals(Math.round(500 * 150 / 96.0), image.getHeight(), name); // 781
            assertEquals(150, pngDpi(png), 0.5, name);
            assertTrue(distinctColors(image) > 10, name + " is not blank");

            Document svg = parseXml(dir.resolve(name + ".svg"));
            Element root = svg.getDocumentElement();
            assertEquals("svg", root.getLocalName() == null ? root.getNodeName() : root.getLocalName(), name);
            assertEquals(800.0, Double.parseDouble(root.getAttribute("width").replace("px", "")), 1e-9);

            byte[] pdf = Files.readAllBytes(dir.resolve(name + ".pdf"));
            String text = new String(pdf, StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("%PDF-"), name);
            assertTrue(text.trim().endsWith("%%EOF"), name);
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(21, names.size(), "no temporary files left: " + names);
        }
    }

    @Test
    void theSvgKeepsTheLabelsAndTheMethodColors(@TempDir Path dir) throws Exception {
        FigureExport.writeSvg(charts(1).get("bars-standard"), dir.resolve("bars.svg"), 900, 520);
        String svg = Files.readString(dir.resolve("bars.svg"), StandardCharsets.UTF_8);
        assertTrue(svg.contains("Forget Error ↑"));
        assertTrue(svg.contains("Fact Lookup"));
        for (String method : MethodStyle.order()) {
            java.awt.Color c = MethodStyle.color(method);
            String rgb = "rgb(" + c.getRed() + "," + c.getGreen() + "," + c.getBlue() + ")";
            assertTrue(svg.contains(rgb), method + " " + rgb);
        }
        NodeList texts = parseXml(dir.resolve("bars.svg")).getElementsByTagName("text");
        assertTrue(texts.getLength() > 10);
    }

    @Test
    void pngSizeFollowsTheDpiAndRewritingReplacesTheFile(@TempDir Path dir) throws Exception {
        JFreeChart chart = charts(1).get("radar");
        FigureExport.writePng(chart, dir.resolve("r.png"), 640, 480, 96);
        BufferedImage small = ImageIO.read(dir.resolve("r.png").toFile());
        assertEquals(640, small.getWidth());
        assertEquals(480, small.getHeight());
        FigureExport.writePng(chart, dir.resolve("r.png"), 640, 480, 300);
        BufferedImage large = ImageIO.read(dir.resolve("r.png").toFile());
        assertEquals(2000, large.getWidth());
        assertEquals(1500, large.getHeight());
        assertEquals(300, pngDpi(Files.readAllBytes(dir.resolve("r.png"))), 0.5);
        assertThrows(IllegalArgumentException.class, () -> FigureExport.writeAll(chart, dir, "../x", 10, 10, 96));
        assertThrows(IllegalArgumentException.class, () -> FigureExport.writeAll(chart, dir, "x", 0, 10, 96));
        assertThrows(IllegalArgumentException.class, () -> FigureExport.writeAll(chart, dir, "x", 10, 10, 0));
    }

    /** Writes every figure into target/figures-preview/ to look at (one seed, and two with error bars). */
    @Test
    void writesPreviews() throws IOException {
        Path preview = Path.of("target", "figures-preview");
        for (Map.Entry<String, JFreeChart> entry : charts(1).entrySet()) {
            int width = entry.getKey().startsWith("bars-standard") ? 900 : 760;
            int height = entry.getKey().equals("radar") ? 640 : 520;
            FigureExport.writeAll(entry.getValue(), preview, entry.getKey(), width, height, 150);
        }
        for (Map.Entry<String, JFreeChart> entry : charts(2).entrySet()) {
            FigureExport.writePng(entry.getValue(), preview.resolve(entry.getKey() + "-2seeds.png"), 900, 520, 96);
        }
        assertTrue(Files.size(preview.resolve("bars-standard.png")) > 10_000);
    }

    private static double pngDpi(byte[] png) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(png))) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            try {
                reader.setInput(in);
                IIOMetadata metadata = reader.getImageMetadata(0);
                org.w3c.dom.Node root = metadata.getAsTree("javax_imageio_png_1.0");
                for (org.w3c.dom.Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n.getNodeName().equals("pHYs")) {
                        Element phys = (Element) n;
                        assertEquals("meter", phys.getAttribute("unitSpecifier"));
                        assertEquals(phys.getAttribute("pixelsPerUnitXAxis"), phys.getAttribute("pixelsPerUnitYAxis"));
                        return Double.parseDouble(phys.getAttribute("pixelsPerUnitXAxis")) * 0.0254;
                    }
                }
                return Double.NaN;
            } finally {
                reader.dispose();
            }
        }
    }

    private static Document parseXml(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return factory.newDocumentBuilder().parse(file.toFile());
    }

    private static int distinctColors(BufferedImage image) {
        java.util.Set<Integer> colors = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) {
                colors.add(image.getRGB(x, y));
            }
        }
        assertNotEquals(0, colors.size());
        return colors.size();
    }
}
