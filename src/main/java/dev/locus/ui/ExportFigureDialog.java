package dev.locus.ui;

import org.jfree.chart.JFreeChart;

/** Placeholder until the export dialog lands. */
final class ExportFigureDialog {
    private ExportFigureDialog() {
    }

    static void show(WorkbenchContext ctx, JFreeChart chart, String baseName) {
        ctx.message().accept("figure export is not built yet");
    }
}
