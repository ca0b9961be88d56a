/**
 * The JavaFX workbench. The only package that touches JavaFX; never imported by others.
 */
package dev.locus.ui;
