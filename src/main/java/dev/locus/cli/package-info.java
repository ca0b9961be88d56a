/**
 * The command line: thin picocli commands over the same classes the workbench uses. May import anything but
 * {@code ui}; never imported.
 */
package dev.locus.cli;
