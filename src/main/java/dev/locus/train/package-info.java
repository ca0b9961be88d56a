/**
 * What every training loop shares: the loop itself ({@link dev.locus.train.TrainingLoop}), optimizer steps (AdamW,
 * weight masking's SGD), learning-rate schedules, gradient clipping, the losses of edits and relearning, LoRA
 * adapters. Imports {@code core} and {@code model}.
 */
package dev.locus.train;
