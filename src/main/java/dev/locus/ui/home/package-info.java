/**
 * The Home panel: what Locus is for, the session's state, the steps, the paper comparison (its finished run at once,
 * or live with its progress on the button). Imports the shared {@code ui} packages, {@code ui.model}, {@code ui.edit}
 * and {@code ui.runs}.
 */
package dev.locus.ui.home;
