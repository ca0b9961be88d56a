package dev.locus.ui.runs;

import java.util.List;

/**
 * Where a run stands, read from its job's message ("seed 0: flu: edit: 12 of 50, about 1 min left",
 * "seed 0: localize causal-tracing: 17088 of 26112", "figures"): the one reading of that message that Home's button
 * and the Results panel's note both word.
 *
 * @param kind what the run is doing
 * @param method the method localized (LOCALIZING) or edited and attacked (METHOD), else null
 * @param index the method's place in the planned list (METHOD), else -1
 */
public record RunStage(Kind kind, String method, int index) {
    /** What a run is doing. */
    public enum Kind { WAITING, LOCALIZING, METHOD, FIGURES, OTHER }

    /** The stage of {@code message} for a run of the {@code planned} methods, in order. */
    public static RunStage of(String message, List<String> planned) {
        if (message == null || message.isBlank() || message.equals("waiting")) {
            return new RunStage(Kind.WAITING, null, -1);
        }
        String stage = message.startsWith("seed ") && message.indexOf(": ") > 0
                ? message.substring(message.indexOf(": ") + 2) : message;
        if (stage.startsWith("localize ")) {
            return new RunStage(Kind.LOCALIZING, stage.substring("localize ".length()).split("[:,]")[0].trim(), -1);
        }
        if (stage.equals("figures")) {
            return new RunStage(Kind.FIGURES, null, -1);
        }
        int colon = stage.indexOf(": ");
        String method = colon < 0 ? stage : stage.substring(0, colon);
        int index = planned.indexOf(method);
        return index < 0 ? new RunStage(Kind.OTHER, null, -1) : new RunStage(Kind.METHOD, method, index);
    }
}
