package dev.locus.export;

import dev.locus.model.io.AtomicFiles;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.jfree.chart.JFreeChart;
import org.jfree.pdf.PDFDocument;
import org.jfree.pdf.PDFGraphics2D;
import org.jfree.pdf.PDFHints;
import org.jfree.pdf.Page;
import org.jfree.svg.SVGGraphics2D;

/**
 * Writes a chart as a figure file: PNG, SVG and PDF. Sizes are in CSS pixels (1/96 inch), the size the chart is laid
 * out at, so fonts keep their size in every format; the PNG has dpi/96 as many pixels per side (a 150 dpi PNG is
 * sharper, not larger in layout) and says its resolution in its pHYs chunk; the PDF page measures the same in
 * inches (width/96 in). Every file is written atomically ({@link AtomicFiles}). Needs no display: works with
 * {@code java.awt.headless=true}. Not thread-safe for one chart: draw a chart from one thread at a time.
 */
public final class FigureExport {
    /** Pixels per inch of the layout (CSS pixels). */
    public static final int LAYOUT_DPI = 96;
    /** The font of a caption under a figure. */
    public static final java.awt.Font CAPTION_FONT = FigureTheme.AXIS_LABEL_FONT;
    private static final double CAPTION_MARGIN = 12;
    /** Text is measured as the figures draw it: anti-aliased, fractional metrics. */
    private static final java.awt.font.FontRenderContext CAPTION_CONTEXT =
            new java.awt.font.FontRenderContext(null, true, true);

    private FigureExport() {
    }

    /** Anything that draws itself into an area of a Graphics2D: a chart ({@code chart::draw}), a circuit graph. */
    @FunctionalInterface
    public interface Drawing {
        void draw(Graphics2D g2, Rectangle2D area);
    }

    /**
     * Writes {@code baseName.png}, {@code baseName.svg} and {@code baseName.pdf} into dir (created if missing).
     *
     * @param width the figure's width in CSS pixels
     * @param height the figure's height in CSS pixels
     * @param dpi the PNG's resolution: it has width * dpi / 96 x height * dpi / 96 pixels
     */
    public static void writeAll(JFreeChart chart, Path dir, String baseName, int width, int height, int dpi) {
        writeAll(chart, dir, baseName, width, height, dpi, file -> { });
    }

    /**
     * As {@link #writeAll(JFreeChart, Path, String, int, int, int)}, telling {@code fileDone} each file once it is in
     * place, on the writing thread (a test cancels an export there, at a known file).
     */
    public static void writeAll(JFreeChart chart, Path dir, String baseName, int width, int height, int dpi,
                                Consumer<Path> fileDone) {
        Objects.requireNonNull(chart, "chart");
        writeAll(chart::draw, dir, baseName, width, height, dpi, fileDone);
    }

    /** As {@link #writeAll(JFreeChart, Path, String, int, int, int, Consumer)} for any drawing. */
    public static void writeAll(Drawing chart, Path dir, String baseName, int width, int height, int dpi,
                                Consumer<Path> fileDone) {
        Objects.requireNonNull(dir, "dir");
        checkName(baseName);
        Path png = dir.resolve(baseName + ".png");
        writePng(chart, png, width, height, dpi);
        fileDone.accept(png);
        Path svg = dir.resolve(baseName + ".svg");
        writeSvg(chart, svg, width, height);
        fileDone.accept(svg);
        Path pdf = dir.resolve(baseName + ".pdf");
        writePdf(chart, pdf, width, height);
        fileDone.accept(pdf);
    }

    /** Writes the chart as a PNG of width * dpi / 96 x height * dpi / 96 pixels, its pHYs chunk saying dpi. */
    public static void writePng(JFreeChart chart, Path target, int width, int height, int dpi) {
        Objects.requireNonNull(chart, "chart");
        writePng((Drawing) chart::draw, target, width, height, dpi);
    }

    /** As {@link #writePng(JFreeChart, Path, int, int, int)} for any drawing. */
    public static void writePng(Drawing chart, Path target, int width, int height, int dpi) {
        checkSize(width, height);
        if (dpi <= 0 || dpi > 2400) {
            throw new IllegalArgumentException("dpi must be in 1..2400, not " + dpi);
        }
        BufferedImage image = render(chart, width, height, dpi);
        AtomicFiles.write(target, out -> writePng(image, dpi, out));
    }

    /** Draws the chart laid out at width x height CSS pixels into an RGB image scaled by dpi / 96. */
    public static BufferedImage render(JFreeChart chart, int width, int height, int dpi) {
        Objects.requireNonNull(chart, "chart");
        return render((Drawing) chart::draw, width, height, dpi);
    }

    /** As {@link #render(JFreeChart, int, int, int)} for any drawing. */
    public static BufferedImage render(Drawing chart, int width, int height, int dpi) {
        Objects.requireNonNull(chart, "chart");
        checkSize(width, height);
        double scale = dpi / (double) LAYOUT_DPI;
        int pixelsWide = Math.max(1, (int) Math.round(width * scale));
        int pixelsHigh = Math.max(1, (int) Math.round(height * scale));
        BufferedImage image = new BufferedImage(pixelsWide, pixelsHigh, BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = image.createGraphics();
        try {
            g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g2.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g2.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g2.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g2.setColor(Color.WHITE);
            g2.fillRect(0, 0, pixelsWide, pixelsHigh);
            g2.scale(pixelsWide / (double) width, pixelsHigh / (double) height);
            chart.draw(g2, new Rectangle2D.Double(0, 0, width, height));
        } finally {
            g2.dispose();
        }
        return image;
    }

    /** Writes the chart as an SVG document of width x height pixels, text as SVG text. */
    public static void writeSvg(JFreeChart chart, Path target, int width, int height) {
        Objects.requireNonNull(chart, "chart");
        writeSvg((Drawing) chart::draw, target, width, height);
    }

    /** As {@link #writeSvg(JFreeChart, Path, int, int)} for any drawing. */
    public static void writeSvg(Drawing chart, Path target, int width, int height) {
        byte[] bytes = svg(chart, width, height).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(target, out -> out.write(bytes));
    }

    /** The chart as a standalone SVG document (UTF-8, no DOCTYPE, so that no parser goes looking for a DTD). */
    public static String svg(JFreeChart chart, int width, int height) {
        Objects.requireNonNull(chart, "chart");
        return svg((Drawing) chart::draw, width, height);
    }

    /** As {@link #svg(JFreeChart, int, int)} for any drawing. */
    public static String svg(Drawing chart, int width, int height) {
        Objects.requireNonNull(chart, "chart");
        checkSize(width, height);
        SVGGraphics2D g2 = new SVGGraphics2D(width, height);
        chart.draw(g2, new Rectangle2D.Double(0, 0, width, height));
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + g2.getSVGElement() + "\n";
    }

    /**
     * Writes the chart as a one-page PDF of width/96 x height/96 inches. Text is drawn as vector outlines of the
     * chart's fonts, so every character (arrows included) looks as on screen without embedding fonts.
     */
    public static void writePdf(JFreeChart chart, Path target, int width, int height) {
        Objects.requireNonNull(chart, "chart");
        writePdf((Drawing) chart::draw, target, width, height);
    }

    /** As {@link #writePdf(JFreeChart, Path, int, int)} for any drawing. */
    public static void writePdf(Drawing chart, Path target, int width, int height) {
        byte[] bytes = pdf(chart, width, height, target.getFileName().toString());
        AtomicFiles.write(target, out -> out.write(bytes));
    }

    /** The chart as a one-page PDF document; title goes into the document's metadata. */
    public static byte[] pdf(JFreeChart chart, int width, int height, String title) {
        Objects.requireNonNull(chart, "chart");
        return pdf((Drawing) chart::draw, width, height, title);
    }

    /** As {@link #pdf(JFreeChart, int, int, String)} for any drawing. */
    public static byte[] pdf(Drawing chart, int width, int height, String title) {
        Objects.requireNonNull(chart, "chart");
        checkSize(width, height);
        double points = 72.0 / LAYOUT_DPI;
        PDFDocument document = new PDFDocument();
        document.setTitle(title);
        document.setAuthor("Locus");
        Page page = document.createPage(new Rectangle2D.Double(0, 0, width * points, height * points));
        PDFGraphics2D g2 = page.getGraphics2D();
        g2.setRenderingHint(PDFHints.KEY_DRAW_STRING_TYPE, PDFHints.VALUE_DRAW_STRING_TYPE_VECTOR);
        g2.scale(points, points);
        chart.draw(g2, new Rectangle2D.Double(0, 0, width, height));
        return document.getPDFBytes();
    }

    /**
     * The height in layout pixels that {@code caption} takes under a figure width pixels wide: its lines, wrapped at
     * the width, with a margin around them; 0 for no caption.
     */
    public static int captionHeight(String caption, int width) {
        List<String> lines = captionLines(caption, width);
        return lines.isEmpty() ? 0 : (int) Math.ceil(lines.size() * captionLineHeight() + 1.5 * CAPTION_MARGIN);
    }

    /**
     * The drawing with a caption under it: drawn into an area {@link #captionHeight} taller than the figure alone,
     * the figure fills the top as it would fill the whole without one, and the caption's lines sit below it, on the
     * figure's background. Without a caption (null or blank) it is the drawing itself.
     */
    public static Drawing captioned(Drawing chart, String caption) {
        Objects.requireNonNull(chart, "chart");
        if (caption == null || caption.isBlank()) {
            return chart;
        }
        return (g2, area) -> {
            int strip = captionHeight(caption, (int) Math.round(area.getWidth()));
            double chartHeight = Math.max(1, area.getHeight() - strip);
            chart.draw(g2, new Rectangle2D.Double(area.getX(), area.getY(), area.getWidth(), chartHeight));
            double top = area.getY() + chartHeight;
            g2.setPaint(FigureTheme.BACKGROUND);
            g2.fill(new Rectangle2D.Double(area.getX(), top, area.getWidth(), area.getHeight() - chartHeight));
            g2.setPaint(FigureTheme.TEXT);
            g2.setFont(CAPTION_FONT);
            java.awt.font.LineMetrics metrics = CAPTION_FONT.getLineMetrics("Ag", CAPTION_CONTEXT);
            double baseline = top + CAPTION_MARGIN / 2 + metrics.getAscent();
            for (String line : captionLines(caption, (int) Math.round(area.getWidth()))) {
                g2.drawString(line, (float) (area.getX() + CAPTION_MARGIN), (float) baseline);
                baseline += captionLineHeight();
            }
        };
    }

    private static double captionLineHeight() {
        java.awt.font.LineMetrics m = CAPTION_FONT.getLineMetrics("Ag", CAPTION_CONTEXT);
        return m.getAscent() + m.getDescent() + m.getLeading() + 2;
    }

    /** The caption's words in lines no wider than the figure less its margins (a longer word gets a line of its own). */
    private static List<String> captionLines(String caption, int width) {
        List<String> lines = new ArrayList<>();
        if (caption == null || caption.isBlank()) {
            return lines;
        }
        double room = Math.max(40, width - 2 * CAPTION_MARGIN);
        StringBuilder line = new StringBuilder();
        for (String word : caption.trim().split("\\s+")) {
            String next = line.length() == 0 ? word : line + " " + word;
            if (line.length() > 0 && CAPTION_FONT.getStringBounds(next, CAPTION_CONTEXT).getWidth() > room) {
                lines.add(line.toString());
                line.setLength(0);
                line.append(word);
            } else {
                line.setLength(0);
                line.append(next);
            }
        }
        lines.add(line.toString());
        return lines;
    }

    private static void writePng(BufferedImage image, int dpi, OutputStream out) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) {
            throw new IOException("no PNG writer in this Java runtime");
        }
        ImageWriter writer = writers.next();
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image),
                    param);
            setDpi(metadata, dpi);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, metadata), param);
        } finally {
            writer.dispose();
        }
    }

    /** Sets the PNG pHYs chunk: pixels per metre on both axes. */
    private static void setDpi(IIOMetadata metadata, int dpi) throws IOException {
        String format = "javax_imageio_png_1.0";
        if (metadata == null || metadata.isReadOnly()
                || !java.util.Arrays.asList(metadata.getMetadataFormatNames()).contains(format)) {
            return; // a PNG without a resolution is still a valid figure
        }
        String pixelsPerMetre = Long.toString(Math.round(dpi / 0.0254));
        IIOMetadataNode phys = new IIOMetadataNode("pHYs");
        phys.setAttribute("pixelsPerUnitXAxis", pixelsPerMetre);
        phys.setAttribute("pixelsPerUnitYAxis", pixelsPerMetre);
        phys.setAttribute("unitSpecifier", "meter");
        IIOMetadataNode root = new IIOMetadataNode(format);
        root.appendChild(phys);
        metadata.mergeTree(format, root);
    }

    private static void checkSize(int width, int height) {
        if (width <= 0 || height <= 0 || width > 20_000 || height > 20_000) {
            throw new IllegalArgumentException("figure size must be in 1..20000 pixels, not " + width + "x" + height);
        }
    }

    private static void checkName(String baseName) {
        Objects.requireNonNull(baseName, "baseName");
        if (baseName.isBlank() || baseName.contains("/") || baseName.contains("\\") || baseName.startsWith(".")) {
            throw new IllegalArgumentException("figure name must be a plain file name, not '" + baseName + "'");
        }
    }
}
