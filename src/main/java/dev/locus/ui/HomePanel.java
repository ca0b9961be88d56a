package dev.locus.ui;

import javafx.scene.Node;
import javafx.scene.control.Label;

/** Placeholder until the Home panel lands. */
final class HomePanel implements Panel {
    HomePanel(WorkbenchContext context) {
    }

    @Override
    public String title() {
        return "Home";
    }

    @Override
    public String purpose() {
        return "Start here: what Locus does and what to do next";
    }

    @Override
    public Node view() {
        return new Label("Home");
    }
}
