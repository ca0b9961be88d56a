/**
 * Throughput measurements against this machine's matmul ceiling ({@code locus bench}). Imports {@code model}
 * and its sub-packages.
 */
package dev.locus.model.bench;
