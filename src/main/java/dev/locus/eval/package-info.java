/**
 * What an edit did: scores per prompt format (accuracy and normalized probability over the candidates), general
 * capability and latent-knowledge probes. Imports {@code localize.method} (probes), {@code data}, {@code model} and
 * {@code core}.
 */
package dev.locus.eval;
