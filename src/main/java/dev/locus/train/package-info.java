/**
 * The training loop ({@link dev.locus.train.TrainingLoop}), optimizer steps, learning-rate schedules and gradient
 * clipping, shared by demo training, edits and relearning. Imports only {@code dev.locus.model}.
 */
package dev.locus.train;
