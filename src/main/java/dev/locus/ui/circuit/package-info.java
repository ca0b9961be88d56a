/**
 * The Localize panel's Circuit tab: the circuit graph on a canvas (zoom, pan, hover, click a node), its options and
 * runs on the model thread, circuit files and figure export.
 */
package dev.locus.ui.circuit;
