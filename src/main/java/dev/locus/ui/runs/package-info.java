/**
 * Runs as they happen: the run queue with each run's state, the live loss curves, and the bundled paper
 * comparison's config. Imports {@code ui.task}.
 */
package dev.locus.ui.runs;
