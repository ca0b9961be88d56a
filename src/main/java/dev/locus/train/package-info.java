/**
 * What every training loop shares: optimizer steps (AdamW), learning-rate schedules, gradient clipping, the losses
 * of edits and relearning, LoRA adapters. Imports {@code core} and {@code model}.
 */
package dev.locus.train;
