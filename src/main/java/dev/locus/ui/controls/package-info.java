/**
 * Widgets every panel uses: chart panes with figure export, cards, spinners, file choosers, swatches, menus, the
 * theme. Imports {@code ui.session} and {@code ui.task}.
 */
package dev.locus.ui.controls;
