/**
 * The workbench's shell: the application ({@link dev.locus.ui.LocusApp}) and the window ({@link dev.locus.ui.Workbench}:
 * navigation, menus, job list, status bar) over the panels. The top of {@code ui}: it imports every {@code ui} package,
 * none imports it. JavaFX lives only under {@code ui}, which nothing outside imports.
 */
package dev.locus.ui;
