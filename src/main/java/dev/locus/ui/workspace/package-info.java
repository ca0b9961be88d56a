/**
 * The whole session saved and opened as a workspace file, and saved on its own now and then. Imports the shared
 * {@code ui} packages.
 */
package dev.locus.ui.workspace;
