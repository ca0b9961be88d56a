/**
 * TransformerLens-style hook points: caching, patching and gradients of activations during a forward pass.
 */
package dev.locus.model.hooks;
