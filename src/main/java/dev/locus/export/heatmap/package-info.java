/**
 * Heatmaps of a localization: component scores by layer x {heads, MLP} and effects by layer x position, as a grid
 * of values and as a chart with a diverging color scale. Imports {@code export}, {@code localize.method} and
 * {@code model.component}.
 */
package dev.locus.export.heatmap;
