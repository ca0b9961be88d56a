/**
 * {@code locus bench}: the matmul ceiling and the transformer's throughput measured the way
 * {@code peer_bench.py} (PyTorch eager, shipped as a resource here) measures them, and the side-by-side table of
 * the two.
 */
package dev.locus.bench;
