package dev.locus.ui.results;

import dev.locus.experiment.MetricRow;
import dev.locus.export.SoftPromptBars;
import dev.locus.ui.controls.ChartPane;
import dev.locus.ui.controls.Widgets;
import dev.locus.ui.session.WorkbenchContext;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/**
 * The Results panel's card of the soft-prompt attack (src/docs/paper.md §5): the paper's bars per method (forget
 * accuracy, injected-label accuracy and maintain accuracy with the attack's prompt active; mean and spread over the
 * prompts), in the edit format. Hidden when the run has no soft-prompt rows.
 */
final class SoftPromptCard {
    private final WorkbenchContext ctx;
    private final VBox card;
    private ChartPane pane;

    SoftPromptCard(WorkbenchContext ctx) {
        this.ctx = ctx;
        Label hint = new Label("Universal soft prompts trained on half of the forget facts to bring back their true"
                + " answers, read on the other half. Low forget accuracy with the prompt means the edit resists the attack.");
        hint.setWrapText(true);
        hint.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // the chart gives up height, the words never
        hint.getStyleClass().add("hint");
        this.card = Widgets.card("Soft-prompt attack (mean over prompts and seeds; bars show one standard deviation)", hint);
        show(List.of());
    }

    /** The card, to put in the panel. */
    VBox node() {
        return card;
    }

    /** Shows the chart of {@code rows}' soft-prompt rows, or hides the card when they have none. */
    void show(List<MetricRow> rows) {
        boolean present = SoftPromptBars.present(rows);
        card.setVisible(present);
        card.setManaged(present);
        if (!present) {
            return;
        }
        String format = rows.stream().filter(r -> r.phase().startsWith(SoftPromptBars.PROMPT_PREFIX))
                .map(MetricRow::format).findFirst().orElse("standard");
        if (pane == null) {
            pane = new ChartPane(ctx, SoftPromptBars.chart(rows, format), "soft-prompt-" + format);
            pane.setId("chart-soft-prompt");
            pane.setPrefHeight(360);
            pane.setMinHeight(200); // presenting, the card fills the panel's height and no more
            card.getChildren().add(pane);
        } else {
            pane.setChart(SoftPromptBars.chart(rows, format), "soft-prompt-" + format);
        }
    }
}
