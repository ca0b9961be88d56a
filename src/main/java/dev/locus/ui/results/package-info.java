/**
 * The Results panel: a run's (or a batch's) charts and headline table, and a second run to compare with; the File
 * menu's run exports. Imports the shared {@code ui} packages, {@code ui.workspace} and {@code ui.edit}.
 */
package dev.locus.ui.results;
