package dev.locus.fuzz;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Damaged versions of a valid file for property-based fuzzing: a few random edits each. For text, JSON- and
 * CSV-significant tokens and odd values (huge, negative, NaN, null, a 5,000-character string) are inserted or
 * swapped in, ranges cut, the text truncated; for bytes, bytes set, bits flipped, bursts of random bytes, truncation.
 */
public final class Damage {
    static final List<String> TOKENS = List.of("{", "}", "[", "]", ":", ",", "\"", "\\", "null", "true", "-1", "0",
            "1e309", "9223372036854775808", "2147483647", "NaN", "-0.0", "\"\"", "\"x\"", "[]", "{}",
            "\"" + "a".repeat(5000) + "\"", "\u0000", "\uFFFF", "é", "\n", "\r\n", ",,,", "\"\"\"");

    private Damage() {
    }

    /** seed with 1 to 6 edits. */
    public static Arbitrary<String> text(String seed) {
        Arbitrary<int[]> edit = Combinators.combine(Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, seed.length()), Arbitraries.integers().between(0, 40),
                Arbitraries.integers().between(0, TOKENS.size() - 1)).as((kind, at, len, token) -> new int[] {kind, at, len, token});
        return edit.list().ofMinSize(1).ofMaxSize(6).map(edits -> {
            String s = seed;
            for (int[] e : edits) {
                int at = Math.min(e[1], s.length());
                int end = Math.min(s.length(), at + e[2]);
                String token = TOKENS.get(e[3]);
                s = switch (e[0]) {
                    case 0 -> s.substring(0, at) + s.substring(end);          // cut
                    case 1 -> s.substring(0, at) + token + s.substring(at);   // insert
                    case 2 -> s.substring(0, at) + token + s.substring(end);  // replace
                    default -> s.substring(0, at);                            // truncate
                };
            }
            return s;
        });
    }

    /** seed with 1 to 4 byte-level edits; {@code header} bytes at the start get most of them (where parsers decide). */
    public static Arbitrary<byte[]> bytes(byte[] seed, int header) {
        Arbitrary<int[]> edit = Combinators.combine(Arbitraries.integers().between(0, 3),
                Arbitraries.oneOf(Arbitraries.integers().between(0, Math.max(0, header - 1)),
                        Arbitraries.integers().between(0, seed.length - 1)),
                Arbitraries.integers().between(0, 255), Arbitraries.integers().between(1, 16))
                .as((kind, at, value, len) -> new int[] {kind, at, value, len});
        return edit.list().ofMinSize(1).ofMaxSize(4).map(edits -> {
            byte[] b = seed.clone();
            for (int[] e : edits) {
                int at = Math.min(e[1], b.length - 1);
                switch (e[0]) {
                    case 0 -> b[at] = (byte) e[2];                                   // set a byte
                    case 1 -> b[at] ^= (byte) (1 << (e[2] % 8));                      // flip a bit
                    case 2 -> {                                                       // a burst
                        for (int k = at; k < Math.min(b.length, at + e[3]); k++) {
                            b[k] = (byte) (e[2] + k * 31);
                        }
                    }
                    default -> b = java.util.Arrays.copyOf(b, at);                    // truncate
                }
                if (b.length == 0) {
                    break;
                }
            }
            return b;
        });
    }
}
