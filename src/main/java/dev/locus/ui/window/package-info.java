/**
 * The window's frame around the panels: the job list beside them, the slim job bar of presentation mode, the status
 * bar, and presentation mode itself (full screen, larger text). Imports {@code ui.controls}, {@code ui.session} and
 * {@code ui.task}.
 */
package dev.locus.ui.window;
