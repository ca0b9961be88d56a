/**
 * The figures of a run, shared by the command line and the workbench: before/after bars, relearning and probe
 * curves, the radar, the paper's method colors ({@link dev.locus.export.MethodStyle}), the light look of exported
 * figures ({@link dev.locus.export.FigureTheme}) and PNG, SVG and PDF files ({@link dev.locus.export.FigureExport}).
 * Imports {@code experiment} and below; no JavaFX, no tensors.
 */
package dev.locus.export;
