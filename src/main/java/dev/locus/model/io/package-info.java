/**
 * Checkpoint and array files, in plain Java: safetensors reading (single file or sharded Hugging Face folders)
 * and writing, NumPy {@code .npy} arrays, CSV writing and atomic file writes. No DJL here: DJL aborts the JVM on BF16
 * and caps arrays at 2 GB, so weights are read as float32 buffers that the tensor code then hands to DJL. Imports
 * only {@code core}.
 */
package dev.locus.model.io;
