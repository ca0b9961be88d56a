/**
 * The Edit panel: the objective and hyperparameters, which selections to edit, the queue of runs with live loss
 * curves, and the paper comparison as one action. Imports the shared {@code ui} packages and {@code ui.runs}.
 */
package dev.locus.ui.edit;
