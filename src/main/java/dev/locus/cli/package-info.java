/**
 * The command line: thin picocli commands over the same classes the workbench uses. Never imported.
 */
package dev.locus.cli;
