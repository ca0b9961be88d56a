/**
 * The Select panel: the session's selections, strategies that make more, a comparison of two, and mask files.
 * Imports the shared {@code ui} packages.
 */
package dev.locus.ui.select;
