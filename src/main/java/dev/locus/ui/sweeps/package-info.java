/**
 * The Sweeps panel: a sweep folder's runs as they stand (polled off the JavaFX thread), resume and cancel, a trial
 * sweep's chart, a multi-seed run's finished runs into Results, and the dialog that launches a learning-rate sweep.
 * Imports the shared {@code ui} packages.
 */
package dev.locus.ui.sweeps;
