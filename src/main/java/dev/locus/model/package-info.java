/**
 * The tensor-level transformer: one readable forward pass ({@link dev.locus.model.Transformer}), weights in a
 * memory scope ({@link dev.locus.model.ModelWeights}), checkpoint and tokenizer loading ({@link dev.locus.model.LocusModel}),
 * trainable component sets, engine and device setup, memory planning. Imports only {@code core} and its own
 * sub-packages, which never import it back.
 */
package dev.locus.model;
