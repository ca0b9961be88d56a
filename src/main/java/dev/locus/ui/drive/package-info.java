/**
 * Code that drives the real window by itself: the screenshot tour and the workbench benchmark
 * ({@code -Dlocus.tour}, {@code -Dlocus.bench}), the soak ({@code -Dlocus.soak}) and a frame-gap monitor. Imports the
 * panels through {@link dev.locus.ui.session.PanelHost}; only the shell starts it.
 */
package dev.locus.ui.drive;
