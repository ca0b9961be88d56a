/**
 * Edits that never touch the loaded model: edited copies, localized fine-tuning, weight masking and the
 * relearning attack. Imports {@code train}, {@code data}, {@code model} and {@code core}.
 */
package dev.locus.edit;
