/**
 * The Home panel: what Locus is for, the session's state, the steps, the one-click paper comparison. Imports the
 * shared {@code ui} packages, {@code ui.model} and {@code ui.edit}.
 */
package dev.locus.ui.home;
