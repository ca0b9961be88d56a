/**
 * The Model panel: the loaded model's summary, opening other model folders, the recent list and the prompt
 * playground. Imports the shared {@code ui} packages (session, task, controls).
 */
package dev.locus.ui.model;
