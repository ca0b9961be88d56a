package dev.locus.ui.controls;

import static org.junit.jupiter.api.Assertions.*;

import dev.locus.core.LocusException;
import dev.locus.experiment.MetricRow;
import dev.locus.export.BeforeAfterBars;
import dev.locus.ui.session.Session;
import dev.locus.ui.session.WorkbenchContext;
import dev.locus.ui.task.AppLog;
import dev.locus.ui.task.ModelThread;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jfree.chart.JFreeChart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export dialog's request writes real PNG (size and DPI as chosen), SVG and PDF files. */
class FigureExportRequestTest {
    @TempDir
    Path tmp;

    static JFreeChart chart() {
        return BeforeAfterBars.beforeAfterBars(List.of(
                new MetricRow("flu", 0, "before", "standard", "forget", "accuracy", 0.9),
                new MetricRow("flu", 0, "after", "standard", "forget", "accuracy", 0.2),
                new MetricRow("random", 0, "after", "standard", "forget", "accuracy", 0.6)), "standard",
                BeforeAfterBars.standardPanels());
    }

    @Test
    void pngHasTheChosenSizeAndDpi() throws Exception {
        FigureExportRequest r = new FigureExportRequest(FigureExportRequest.Format.PNG, 400, 250, 192, tmp.resolve("bars"));
        Path written = r.write(chart());
        assertEquals(tmp.resolve("bars.png"), written, "the format's extension is added");
        byte[] png = Files.readAllBytes(written);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, java.util.Arrays.copyOf(png, 8));
        ByteBuffer b = ByteBuffer.wrap(png);
        assertEquals("IHDR", new String(png, 12, 4, StandardCharsets.US_ASCII));
        assertEquals(800, b.getInt(16), "width x 192/96");
        assertEquals(500, b.getInt(20), "height x 192/96");
        int phys = indexOf(png, "pHYs");
        assertTrue(phys > 0, "a pHYs chunk");
        long perMetre = b.getInt(phys + 4) & 0xffffffffL;
        assertEquals(192, Math.round(perMetre * 0.0254), "192 DPI");
        assertEquals(1, png[phys + 12], "unit: metre");
        assertTrue(r.describe().contains("800 x 500 pixels"), r.describe());
    }

    @Test
    void svgIsXmlAndPdfIsPdf() throws Exception {
        Path svg = new FigureExportRequest(FigureExportRequest.Format.SVG, 600, 400, 0, tmp.resolve("f.svg")).write(chart());
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(Files.readAllBytes(svg)));
        assertEquals("svg", doc.getDocumentElement().getTagName());
        assertEquals(600.0, Double.parseDouble(doc.getDocumentElement().getAttribute("width")));
        Path pdf = new FigureExportRequest(FigureExportRequest.Format.PDF, 600, 400, 0, tmp.resolve("f.png")).write(chart());
        assertEquals(tmp.resolve("f.png.pdf"), pdf);
        assertEquals("%PDF", new String(Files.readAllBytes(pdf), 0, 4, StandardCharsets.US_ASCII));
    }

    @Test
    void badSettingsAreOneClearLine() {
        var r = new FigureExportRequest(FigureExportRequest.Format.PNG, 400, 250, 1200, tmp.resolve("x.png"));
        assertEquals("DPI must be 96 to 600, not 1200", r.problem());
        LocusException e = assertThrows(LocusException.class, () -> r.write(chart()));
        assertEquals("cannot export the figure: DPI must be 96 to 600, not 1200", e.getMessage());
        assertNull(new FigureExportRequest(FigureExportRequest.Format.SVG, 400, 250, 1200, tmp.resolve("x")).problem(),
                "DPI matters for PNG only");
        assertTrue(new FigureExportRequest(FigureExportRequest.Format.PDF, 20, 250, 0, tmp.resolve("x")).problem()
                .startsWith("width and height must be 100 to 10000"));
        assertEquals("choose a file to write",
                new FigureExportRequest(FigureExportRequest.Format.PDF, 200, 250, 0, null).problem());
        assertFalse(Files.exists(tmp.resolve("x.png")));
    }

    @Test
    void theDialogWritesOffTheFxThreadAndSaysWhere() throws Exception {
        org.testfx.api.FxToolkit.registerPrimaryStage();
        List<String> said = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ModelThread thread = new ModelThread(new AppLog(tmp.resolve("log.txt")))) {
            WorkbenchContext ctx = new WorkbenchContext(new Session(), thread, thread.log(), t -> { }, said::add, () -> null);
            FigureExportRequest r = new FigureExportRequest(FigureExportRequest.Format.SVG, 500, 300, 96, tmp.resolve("a"));
            Path written = org.testfx.util.WaitForAsyncUtils.asyncFx(() -> ExportFigureDialog.write(ctx, chart(), r)).get()
                    .get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(Files.readString(written).contains("<svg"));
            assertEquals(List.of("Figure saved: " + written), said);
        }
    }

    /** The caption under a figure: the PNG grows by its strip, with text in it; the chart above is drawn as before. */
    @Test
    void aCaptionGrowsTheFigureByALineOfTextUnderIt() throws Exception {
        String caption = ChartCaptions.of("bars").caption();
        FigureExportRequest plain = new FigureExportRequest(FigureExportRequest.Format.PNG, 600, 400, 96,
                tmp.resolve("plain.png"));
        FigureExportRequest captioned = new FigureExportRequest(FigureExportRequest.Format.PNG, 600, 400, 96,
                tmp.resolve("captioned.png"), caption);
        java.awt.image.BufferedImage a = javax.imageio.ImageIO.read(plain.write(chart()).toFile());
        java.awt.image.BufferedImage b = javax.imageio.ImageIO.read(captioned.write(chart()).toFile());
        assertEquals(600, a.getWidth());
        assertEquals(400, a.getHeight(), "without a caption, the size asked for, as before");
        int strip = dev.locus.export.FigureExport.captionHeight(caption, 600);
        assertTrue(strip >= 30, "at least a line of text: " + strip);
        assertEquals(600, b.getWidth());
        assertEquals(400 + strip, b.getHeight(), "the figure grows by the caption's strip");
        assertEquals(400 + strip, captioned.figureHeight());
        int dark = 0;
        for (int y = 400; y < b.getHeight(); y++) {
            for (int x = 0; x < b.getWidth(); x++) {
                int rgb = b.getRGB(x, y);
                if (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff) < 3 * 120) {
                    dark++;
                }
            }
        }
        assertTrue(dark > 200, "text in the added strip: " + dark + " dark pixels");
        int same = 0;
        for (int y = 0; y < 400; y += 4) {
            for (int x = 0; x < 600; x += 4) {
                same += a.getRGB(x, y) == b.getRGB(x, y) ? 1 : 0;
            }
        }
        assertEquals(150 * 100, same, "the chart above the caption is the chart without one");
        assertTrue(captioned.describe().contains("with its caption"), captioned.describe());

        FigureExportRequest.Format svgFormat = FigureExportRequest.Format.SVG;
        String svg = Files.readString(new FigureExportRequest(svgFormat, 600, 400, 96, tmp.resolve("c.svg"), caption)
                .write(chart()));
        assertTrue(svg.contains("Accuracy before"), "the caption is text in the SVG");
        assertTrue(svg.contains("height='" + (400 + strip) + ".0'"), "the SVG is as tall as the figure and caption");
        FigureExportRequest.Format pdfFormat = FigureExportRequest.Format.PDF;
        byte[] pdf = Files.readAllBytes(new FigureExportRequest(pdfFormat, 600, 400, 96, tmp.resolve("c.pdf"), caption)
                .write(chart()));
        byte[] pdfPlain = Files.readAllBytes(new FigureExportRequest(pdfFormat, 600, 400, 96, tmp.resolve("p.pdf"))
                .write(chart()));
        assertEquals((400 + strip) * 72.0 / 96, mediaBoxHeight(pdf), 1e-6, "the PDF page grows by the caption's strip");
        assertEquals(400 * 72.0 / 96, mediaBoxHeight(pdfPlain), 1e-6);
    }

    /** The page height of a one-page PDF: the last number of its /MediaBox [x y width height]. */
    private static double mediaBoxHeight(byte[] pdf) {
        String text = new String(pdf, StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("/MediaBox\\s*\\[\\s*([-0-9.]+)\\s+([-0-9.]+)\\s+([-0-9.]+)\\s+([-0-9.]+)").matcher(text);
        assertTrue(m.find(), "a MediaBox");
        return Double.parseDouble(m.group(4));
    }

    private static int indexOf(byte[] data, String ascii) {
        byte[] key = ascii.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + key.length <= data.length; i++) {
            for (int j = 0; j < key.length; j++) {
                if (data[i + j] != key[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
