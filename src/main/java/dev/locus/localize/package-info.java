/**
 * Where a model keeps a fact: activation patching, causal tracing, attribution patching, linear probes,
 * and the selection strategies that turn their scores into component sets.
 */
package dev.locus.localize;
