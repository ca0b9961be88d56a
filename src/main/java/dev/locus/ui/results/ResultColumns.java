package dev.locus.ui.results;

import dev.locus.experiment.ResultsTable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Results panel's headers and tooltips for the columns of {@link ResultsTable}, in one place. Every accuracy
 * there is the paper's (the answer's probability renormalized over the candidates, averaged; src/docs/paper.md §5),
 * and the tooltips say so, since a reader setting them beside the paper's tables needs to know.
 */
final class ResultColumns {
    private static final String PAPER = " (the paper's accuracy: mean probability of the answer over the candidates)";
    private static final Map<String, String[]> NAMES = names();

    private ResultColumns() {
    }

    /** Header text (may hold a line break) and tooltip of a column of {@link ResultsTable#COLUMNS}. */
    static String[] of(String column) {
        return NAMES.get(column);
    }

    /** Whether a lower value of the column is better (its header's arrow points down). */
    static boolean lowerIsBetter(String column) {
        return NAMES.get(column)[0].contains("↓");
    }

    private static Map<String, String[]> names() {
        Map<String, String[]> m = new LinkedHashMap<>();
        m.put("forget", new String[] {"Forget ↓", "Accuracy on the forget facts (standard format)" + PAPER
                + "; lower: more forgotten"});
        m.put("maintain", new String[] {"Maintain\n↑", "Accuracy on the held-out maintain facts, which no edit trains on"
                + PAPER});
        m.put("edit", new String[] {"Edit ↑", "Accuracy of the edit target on the forget facts" + PAPER});
        m.put("mcq_forget", new String[] {"MCQ\nforget ↓", "Forget accuracy in multiple choice" + PAPER});
        m.put("mcq_edit", new String[] {"MCQ\nedit ↑", "Edit accuracy in multiple choice" + PAPER});
        m.put("general", new String[] {"General\n↑", "General capability (multiple-choice questions: the bundled city"
                + " questions, or MMLU when the run's set is MMLU; mean probability of the"
                + " right letter over A-D)"});
        m.put("relearned", new String[] {"Relearned\n↓", "Held-out forget accuracy after the relearning attack" + PAPER});
        m.put("relearned_mcq", new String[] {"Relearned\nMCQ ↓", "The same in multiple choice"});
        m.put("probe_true", new String[] {"Probe\ntrue ↓", "Linear probes still reading the true attribute (later layers)"});
        m.put("probe_edit", new String[] {"Probe\nedit ↑", "Linear probes reading the edit target (later layers)"});
        return m;
    }
}
