/**
 * Selections: the paper's strategies that turn scores and probe curves into component sets (FLU, OT by parameter
 * budget, the baselines) and the mask files (JSON, safetensors) that save them. Imports {@code localize.method},
 * {@code model} and {@code core}.
 */
package dev.locus.localize.select;
