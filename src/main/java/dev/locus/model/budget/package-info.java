/**
 * The memory and time estimator: what each stage of a job (load, localize, edit, relearn, soft prompt, evaluate)
 * needs in bytes and floating-point operations for a model shape, before any tensor exists. Plain arithmetic over
 * {@code ModelConfig}; {@code MemoryBudget} refuses work with it and {@code locus plan} prints it.
 */
package dev.locus.model.budget;
