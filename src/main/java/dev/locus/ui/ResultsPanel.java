package dev.locus.ui;

import javafx.scene.Node;
import javafx.scene.control.Label;

/** Placeholder until the Results panel lands. */
final class ResultsPanel implements Panel {
    ResultsPanel(WorkbenchContext context) {
    }

    @Override
    public String title() {
        return "Results";
    }

    @Override
    public String purpose() {
        return "Before/after, relearning, probes, radar; compare runs";
    }

    @Override
    public Node view() {
        return new Label("Results");
    }
}
