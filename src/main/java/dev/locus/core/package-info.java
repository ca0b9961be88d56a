/**
 * The bottom of Locus: the user-facing error ({@link dev.locus.core.LocusException}, one clear line naming the file
 * and field) and the helpers that word such lines. Imports nothing else of ours; every package may import it.
 */
package dev.locus.core;
