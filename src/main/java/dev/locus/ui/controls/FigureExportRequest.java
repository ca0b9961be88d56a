package dev.locus.ui.controls;

import dev.locus.core.LocusException;
import dev.locus.export.FigureExport;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.jfree.chart.JFreeChart;

/**
 * What the figure export dialog asks for, checked, and the writing of it: one chart as a PNG (size in layout pixels,
 * resolution in DPI), an SVG or a PDF, through {@link FigureExport} (atomic). Holds no window, so tests drive it.
 *
 * @param width the figure's width in layout pixels (1/96 inch)
 * @param height the figure's height in layout pixels
 * @param dpi the PNG's resolution (ignored for SVG and PDF)
 * @param caption a line of text written under the figure, which then grows by its height (the chart keeps its
 *     width x height); null for none
 */
public record FigureExportRequest(Format format, int width, int height, int dpi, Path file, String caption) {
    public static final int MIN_SIZE = 100;
    public static final int MAX_SIZE = 10_000;
    public static final int MIN_DPI = 96;
    public static final int MAX_DPI = 600;

    /** The formats a figure is written in. */
    public enum Format {
        PNG("png", "PNG image"), SVG("svg", "SVG vector drawing"), PDF("pdf", "PDF document");

        private final String extension;
        private final String description;

        Format(String extension, String description) {
            this.extension = extension;
            this.description = description;
        }

        public String extension() {
            return extension;
        }

        public String description() {
            return description;
        }

        @Override
        public String toString() {
            return name();
        }
    }

    public FigureExportRequest {
        Objects.requireNonNull(format, "format");
        caption = caption == null || caption.isBlank() ? null : caption.strip();
    }

    /** A figure without a caption. */
    public FigureExportRequest(Format format, int width, int height, int dpi, Path file) {
        this(format, width, height, dpi, file, null);
    }

    /** This request with a caption under the figure (null: none). */
    public FigureExportRequest withCaption(String text) {
        return new FigureExportRequest(format, width, height, dpi, file, text);
    }

    /** The figure's height in layout pixels: the chart's and the caption's under it. */
    public int figureHeight() {
        return height + FigureExport.captionHeight(caption, width);
    }

    /** The problem with these settings in one line, or null when they can be written. */
    public String problem() {
        if (width < MIN_SIZE || width > MAX_SIZE || height < MIN_SIZE || height > MAX_SIZE) {
            return "width and height must be " + MIN_SIZE + " to " + MAX_SIZE + " pixels, not " + width + " x " + height;
        }
        if (format == Format.PNG && (dpi < MIN_DPI || dpi > MAX_DPI)) {
            return "DPI must be " + MIN_DPI + " to " + MAX_DPI + ", not " + dpi;
        }
        if (file == null) {
            return "choose a file to write";
        }
        return null;
    }

    /** The file with the format's extension (added when the chosen name has another or none). */
    public Path target() {
        String name = file.getFileName().toString();
        String ext = "." + format.extension();
        return name.toLowerCase(Locale.ROOT).endsWith(ext) ? file : file.resolveSibling(name + ext);
    }

    /** Writes the chart (call off the JavaFX thread); returns the file written. */
    public Path write(JFreeChart chart) {
        Objects.requireNonNull(chart, "chart");
        return write((FigureExport.Drawing) chart::draw);
    }

    /** Writes any drawing (call off the JavaFX thread); returns the file written. */
    public Path write(FigureExport.Drawing chart) {
        String problem = problem();
        if (problem != null) {
            throw new LocusException("cannot export the figure: " + problem);
        }
        Path target = target();
        FigureExport.Drawing drawing = FigureExport.captioned(chart, caption);
        int h = figureHeight();
        switch (format) {
            case PNG -> FigureExport.writePng(drawing, target, width, h, dpi);
            case SVG -> FigureExport.writeSvg(drawing, target, width, h);
            case PDF -> FigureExport.writePdf(drawing, target, width, h);
            default -> throw new IllegalStateException(format.toString());
        }
        return target;
    }

    /** "chart.png, 1800 x 1120 pixels (900 x 560 at 192 DPI)", and "with its caption" when it has one. */
    public String describe() {
        Path t = target();
        int height = figureHeight();
        String captioned = caption == null ? "" : ", with its caption";
        if (format == Format.PNG) {
            long w = Math.round(width * dpi / (double) FigureExport.LAYOUT_DPI);
            long h = Math.round(height * dpi / (double) FigureExport.LAYOUT_DPI);
            return t.getFileName() + ", " + w + " x " + h + " pixels (" + width + " x " + height + " at " + dpi + " DPI"
                    + captioned + ")";
        }
        return t.getFileName() + ", " + width + " x " + height + " (" + format.description() + captioned + ")";
    }
}
