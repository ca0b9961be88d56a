/**
 * Circuits: scores for the edges between components (edge attribution patching and its integrated-gradient form,
 * exact edge patching), circuits chosen from them, their faithfulness, and circuits as selections.
 */
package dev.locus.localize.circuit;
