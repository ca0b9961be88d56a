/**
 * Components: the named slices of the parameter layout that localizations score and edits train ({@code L3.mlp},
 * {@code L3.attn}, {@code L3.H2}, single matrices such as {@code L3.attn.W_Q}), their catalog for one model and sets of them with parameter counts. Imports only
 * {@code core} and {@code model.config}.
 */
package dev.locus.model.component;
