/**
 * Work off the JavaFX thread: the one model thread for tensor work ({@link dev.locus.ui.task.ModelThread}), its jobs
 * with progress, ETA and cancel ({@link dev.locus.ui.task.Job}), file work on a thread of its own, and the log of
 * what went wrong. Imports no other {@code ui} package.
 */
package dev.locus.ui.task;
