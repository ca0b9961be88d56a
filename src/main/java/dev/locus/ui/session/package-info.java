/**
 * What the panels share and are built with: the {@link dev.locus.ui.session.Session} (model, data, selections,
 * runs; JavaFX thread only), the {@link dev.locus.ui.session.WorkbenchContext}, the panel contract, and loading a
 * model or data into the session. Imports {@code ui.task} and {@code ui.runs}.
 */
package dev.locus.ui.session;
