/**
 * The guided tour of the finding (Help > Tour, Home's "Take the tour"): over the bundled comparison's finished run,
 * a few steps that each open a panel, outline the element that matters on a layer above the window and say what to
 * look at, ending with what this run shows against the paper. Steps ({@code Tour}, {@code TourStep}), the layer
 * ({@code TourOverlay}), bringing an element into view ({@code Reveal}) and navigation with keys
 * ({@code TourController}). Not the screenshot driver of {@code ui.drive}.
 */
package dev.locus.ui.tour;
