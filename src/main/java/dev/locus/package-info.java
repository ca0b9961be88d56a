/**
 * Locus: find where a transformer keeps a fact, then edit or unlearn it there. {@link dev.locus.Launcher}
 * starts the workbench ({@code ui}) or the command line ({@code cli}). The package layout and what each package may
 * import are drawn in {@code src/docs/architecture.md}; {@code LayeringTest} keeps them true.
 */
package dev.locus;
