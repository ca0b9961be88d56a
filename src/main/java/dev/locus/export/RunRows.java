package dev.locus.export;

import java.util.Optional;

/**
 * The words of a run's {@code metrics.csv} and {@code probes.csv} rows that the figures read: the phases (the
 * unedited model, after the edit, each relearning step) and the paper's names of the prompt formats.
 */
public final class RunRows {
    /** The phase of the rows that bars, radar and probe curves show. */
    public static final String AFTER = "after";
    /** The phase of the unedited model's rows. */
    public static final String BEFORE = "before";
    /** Relearning phases are {@code relearn-<k>}, k the relearning step. */
    public static final String RELEARN_PREFIX = "relearn-";

    private RunRows() {
    }

    /** The step of a {@code relearn-<k>} phase. */
    public static Optional<Integer> relearnStep(String phase) {
        if (phase == null || !phase.startsWith(RELEARN_PREFIX)) {
            return Optional.empty();
        }
        try {
            int step = Integer.parseInt(phase.substring(RELEARN_PREFIX.length()));
            return step < 0 ? Optional.empty() : Optional.of(step);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The paper's name of a prompt format ("Multiple Choice" for {@code mcq}); others keep their own. */
    public static String formatName(String format) {
        return switch (format) {
            case "standard" -> "Standard";
            case "mcq" -> "Multiple Choice";
            case "qa" -> "Question Answering";
            case "qa-system" -> "Normal with System Prompt";
            case "mcq-system" -> "Multiple Choice with System Prompt";
            case "general" -> "General";
            case "paraphrase" -> "Paraphrase";
            default -> format;
        };
    }
}
