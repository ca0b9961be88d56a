/** Native code Locus carries itself, loaded before libtorch: the MKL code-path override for AMD processors. */
package dev.locus.model.natives;
