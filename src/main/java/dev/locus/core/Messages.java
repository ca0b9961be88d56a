package dev.locus.core;

/** Helpers for one-line user-facing messages built from text that came out of a file. */
public final class Messages {
    private Messages() {
    }

    /**
     * Text cut to at most {@code max} characters, control characters escaped: strings from a broken file can
     * be arbitrarily long or hold line breaks, and a message must stay one line.
     */
    public static String clip(String text, int max) {
        String cut = text.length() <= max ? text : text.substring(0, max) + "...";
        StringBuilder b = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
