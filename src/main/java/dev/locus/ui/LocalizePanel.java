package dev.locus.ui;

import javafx.scene.Node;
import javafx.scene.control.Label;

/** Placeholder until the Localize panel lands. */
final class LocalizePanel implements Panel {
    LocalizePanel(WorkbenchContext context) {
    }

    @Override
    public String title() {
        return "Localize";
    }

    @Override
    public String purpose() {
        return "Causal tracing, patching and probes: where is the fact?";
    }

    @Override
    public Node view() {
        return new Label("Localize");
    }
}
