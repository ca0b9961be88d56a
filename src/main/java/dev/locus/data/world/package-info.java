/**
 * Sports World, the bundled demo's invented world: athletes with generated names, their sports, cities and
 * countries, and the sentences its model was trained on. Plain Java; imports nothing else of ours.
 */
package dev.locus.data.world;
