/**
 * Locus: find where a transformer keeps a fact, then edit or unlearn it there. {@link dev.locus.Launcher}
 * starts the workbench or the command line.
 */
package dev.locus;
