package dev.locus.ui.session;

import java.util.List;

/**
 * The window that holds the panels, as code that drives it sees it (the screenshot tour, the soak, the benchmark):
 * its context, its panels by title, and which one is shown. Panels themselves never need it.
 */
public interface PanelHost {
    WorkbenchContext context();

    /** Every panel, in the navigation's order. */
    List<Panel> panels();

    /** The panel with this title; an IllegalArgumentException when there is none. */
    Panel panel(String title);

    /** Shows the panel with this title. */
    void show(String title);
}
