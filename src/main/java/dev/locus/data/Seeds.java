package dev.locus.data;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Deterministic randomness keyed by a seed and a fact id, so that a fact's shuffled options or random edit
 * target do not depend on which other facts are in the list, nor on the JDK: the id is hashed with FNV-1a over
 * its UTF-8 bytes and mixed with the seed, and java.util.Random's algorithm is fixed by its specification.
 */
final class Seeds {
    private Seeds() {
    }

    /** A generator for this seed and this fact id. */
    static Random random(long seed, String id) {
        long h = 0xcbf29ce484222325L; // FNV-1a over the id's UTF-8 bytes
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return new Random(mix(seed ^ mix(h)));
    }

    /** A generator for a seed alone. */
    static Random random(long seed) {
        return new Random(mix(seed));
    }

    /** SplitMix64's finalizer: nearby seeds give unrelated streams. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A shuffled copy (Fisher-Yates written out, so the order never changes with the JDK). */
    static <T> List<T> shuffled(List<T> items, Random random) {
        List<T> out = new ArrayList<>(items);
        for (int i = out.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T t = out.get(i);
            out.set(i, out.get(j));
            out.set(j, t);
        }
        return out;
    }
}
