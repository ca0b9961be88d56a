package dev.locus.ui.tour;

/**
 * One step of the guided tour: the panel it opens, the node it points at (by id, looked up in that panel; the tab
 * holding it is selected and its scroll panes scrolled), and what it says.
 *
 * @param panel the panel's title ("Localize")
 * @param target the id of the node pointed at, or null for none
 * @param title a few words
 * @param text two sentences: what to look at and what it means
 * @param prepare what the step sets before it is shown (the selections compared); runs on the JavaFX thread
 */
public record TourStep(String panel, String target, String title, String text, Runnable prepare) {
    public TourStep(String panel, String target, String title, String text) {
        this(panel, target, title, text, () -> { });
    }
}
