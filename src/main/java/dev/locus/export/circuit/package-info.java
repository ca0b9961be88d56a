/**
 * The circuit graph as a figure: nodes in rows by layer, edges by score, the selections outlined; drawn into any
 * Graphics2D, so the workbench's view and the PNG, SVG and PDF files are one drawing.
 */
package dev.locus.export.circuit;
