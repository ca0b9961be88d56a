/**
 * Where a model keeps a fact: activation patching, causal tracing, attribution patching, linear probes,
 * and the selection strategies that turn their scores into component sets ({@link dev.locus.localize.select.Selection}),
 * saved and loaded as mask files ({@link dev.locus.localize.select.MaskFiles}).
 */
package dev.locus.localize;
