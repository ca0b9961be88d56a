/**
 * Figures of an experiment run: chart factories ({@link dev.locus.export.Charts}) that the command line and the
 * workbench share, the light look of exported figures ({@link dev.locus.export.FigureTheme}), and PNG, SVG and PDF
 * files ({@link dev.locus.export.FigureExport}). Reads {@code dev.locus.experiment} rows; no JavaFX, no tensors.
 */
package dev.locus.export;
