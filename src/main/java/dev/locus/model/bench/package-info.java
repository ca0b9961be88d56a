/**
 * Throughput measurements against this machine's matmul ceiling ({@code locus bench}).
 */
package dev.locus.model.bench;
