package dev.locus.export;

import dev.locus.experiment.MetricRow;
import dev.locus.experiment.ProbeRow;
import dev.locus.experiment.RunRecorder;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.experiment.config.FigureSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * The figures of a run directory ({@code figures/}, each as PNG, SVG and PDF): before/after bars for the standard
 * panel and for every other format the run evaluated, relearning curves per relearning format, latent probe curves
 * (true attribute and edit target), the radar chart, and the soft-prompt attack's bars per format it was scored in.
 */
public final class RunFigures {
    private RunFigures() {
    }

    /**
     * Writes every figure the run's rows allow; returns the base names written. An interrupted thread stops between
     * figures (CancellationException); every file is written whole or not at all.
     */
    public static List<String> write(RunRecorder run, ExperimentConfig config) {
        FigureSettings f = config.figures();
        if (!f.enabled()) {
            return List.of();
        }
        return write(run.dir().resolve("figures"), run.metrics(), run.probes(), f, generalName(config), file -> { });
    }

    /** The figures of rows whose general-capability set is not MMLU (see {@link BeforeAfterBars#generalName}). */
    public static List<String> write(Path dir, List<MetricRow> metrics, List<ProbeRow> probes, FigureSettings f) {
        return write(dir, metrics, probes, f, BeforeAfterBars.GENERAL, file -> { });
    }

    /** What the config's general-capability set is called in its figures. */
    public static String generalName(ExperimentConfig config) {
        return BeforeAfterBars.generalName(config.evaluation().generalQuestions());
    }

    /**
     * As {@link #write(Path, List, List, FigureSettings)} with the general-capability set called {@code general},
     * telling {@code fileDone} each file once it is in place, on the writing thread (a test cancels an export there,
     * at a known file).
     */
    public static List<String> write(Path dir, List<MetricRow> metrics, List<ProbeRow> probes, FigureSettings f,
                                     String general, Consumer<Path> fileDone) {
        System.setProperty("java.awt.headless", System.getProperty("java.awt.headless", "true"));
        List<String> written = new ArrayList<>();
        List<String> formats = metrics.stream()
                .filter(r -> r.phase().equals(RunRows.AFTER) && r.split().equals("forget"))
                .map(MetricRow::format).distinct().toList();
        for (String format : formats) {
            write(BeforeAfterBars.beforeAfterBars(metrics, format, barPanels(format, general)), dir, "bars-" + format, f, written,
                    fileDone);
        }
        List<String> relearnFormats = metrics.stream().filter(r -> r.phase().startsWith(RunRows.RELEARN_PREFIX))
                .map(MetricRow::format).distinct().toList();
        for (String format : relearnFormats) {
            write(CurveCharts.relearnCurves(metrics, format), dir, "relearn-" + format, f, written, fileDone);
        }
        if (!probes.isEmpty()) {
            write(CurveCharts.probeCurves(probes, "true"), dir, "probes-true", f, written, fileDone);
            write(CurveCharts.probeCurves(probes, "edit"), dir, "probes-edit", f, written, fileDone);
        }
        if (formats.contains("standard")) {
            write(RadarChart.radar(metrics, general), dir, "radar", f, written, fileDone);
        }
        for (String format : metrics.stream().filter(r -> SoftPromptBars.promptOf(r.phase()) > 0)
                .map(MetricRow::format).distinct().toList()) {
            write(SoftPromptBars.chart(metrics, format), dir, "soft-prompt-" + format, f, written, fileDone);
        }
        return written;
    }

    /**
     * The bar groups of a format's before/after chart: the standard panel for {@code standard}, the multiple-choice
     * panel for {@code mcq}, and the multiple-choice panel relabelled with the format's name for any other.
     */
    public static List<MetricPanel> barPanels(String format, String general) {
        List<MetricPanel> panels = format.equals("standard") ? BeforeAfterBars.standardPanels(general)
                : BeforeAfterBars.mcqPanels();
        if (!format.equals("standard") && !format.equals("mcq")) {
            panels = panels.stream().map(p -> new MetricPanel(
                    p.label().replace("MCQ ", RunRows.formatName(format) + " "), null, p.split(), p.metric(),
                    p.invert())).toList();
        }
        return panels;
    }

    private static void write(org.jfree.chart.JFreeChart chart, Path dir, String name, FigureSettings f,
                              List<String> written, Consumer<Path> fileDone) {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("figure export cancelled after " + written.size() + " figures");
        }
        FigureExport.writeAll(chart, dir, name, f.width(), f.height(), f.dpi(), fileDone);
        written.add(name);
    }
}
