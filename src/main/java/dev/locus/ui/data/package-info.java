/**
 * The Data panel: the data source, forget set and edit target as a form, the split in numbers, every prompt
 * format previewed, and accuracy before any edit. Imports the shared {@code ui} packages.
 */
package dev.locus.ui.data;
