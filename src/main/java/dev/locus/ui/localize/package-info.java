/**
 * The Localize panel: a method and its options run as a job, its heatmaps and probe curves, and cells picked into
 * the user's own selection. Imports the shared {@code ui} packages.
 */
package dev.locus.ui.localize;
