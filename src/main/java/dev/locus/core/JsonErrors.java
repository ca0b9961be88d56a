package dev.locus.core;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;

/** Jackson's parse errors as the one-line reasons that go into a LocusException message. */
public final class JsonErrors {
    private JsonErrors() {
    }

    /** " at line L, column C", or empty when Jackson does not know where. */
    public static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** Jackson's reason without its location and source excerpt, in one line. */
    public static String reason(JacksonException e) {
        String text = e.getOriginalMessage();
        if (text == null || text.isBlank()) {
            return e.getClass().getSimpleName();
        }
        String line = text.lines().findFirst().orElse("").strip();
        if (line.startsWith("Trailing token")) {
            return "unexpected content after the closing }";
        }
        int source = line.indexOf("[Source:"); // "(start marker at [Source: ...; line: 3, ...": noise here
        if (source >= 0) {
            int paren = line.lastIndexOf('(', source);
            line = line.substring(0, paren >= 0 ? paren : source).strip();
        }
        // "... maximum allowed (1000, from `StreamReadConstraints.getMaxNestingDepth()`)": the limit, not the API
        return Messages.clip(line.replaceAll(", from `[^`]*`", ""), 160);
    }
}
