/**
 * One localization as a user asks for it ({@code locus localize}, the Localize panel): run a method, find FLU,
 * make every selection, write the scores, probes and masks. Imports {@code localize.method}, {@code localize.select},
 * {@code data}, {@code model} and {@code core}.
 */
package dev.locus.localize;
