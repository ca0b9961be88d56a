/**
 * Figures of an experiment run and of a localization: chart factories that the command line and the workbench
 * share ({@link dev.locus.export.BeforeAfterBars}, {@link dev.locus.export.CurveCharts},
 * {@link dev.locus.export.RadarChart}, {@link dev.locus.export.heatmap.HeatmapCharts}), the light look of exported figures
 * ({@link dev.locus.export.FigureTheme}), and PNG, SVG and PDF files ({@link dev.locus.export.FigureExport}). Reads
 * {@code dev.locus.experiment} rows; no JavaFX, no tensors.
 */
package dev.locus.export;
