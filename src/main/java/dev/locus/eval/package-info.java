/**
 * Metrics per prompt format (accuracy and normalized probability over candidates), and later the relearning
 * attack, latent-knowledge probes and general capability.
 */
package dev.locus.eval;
