/**
 * TransformerLens-style hook points with their names and shapes: caching, patching and gradients of activations
 * during a forward pass. Imports only {@code model.config}.
 */
package dev.locus.model.hooks;
