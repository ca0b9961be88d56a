/**
 * The localization methods: causal tracing, activation patching and attribution patching (scores per head and
 * MLP, and per position), linear probes per layer, and what they share (the prompt set, corruptions, metrics,
 * position classes). Imports {@code data}, {@code model} and {@code core}.
 */
package dev.locus.localize.method;
