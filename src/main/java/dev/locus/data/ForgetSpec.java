package dev.locus.data;

import dev.locus.core.LocusException;
import dev.locus.core.Messages;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Which facts to forget or edit: the first N in file order, N at random with a seed, or every fact with one
 * attribute. Use {@link #parse} for what users type ("first:64", "random:16:seed=3", "attribute:basketball") and
 * {@link Split#of} to build the split.
 */
public sealed interface ForgetSpec {

    /** The chosen facts, in file order; an impossible choice (too many, an unknown attribute) is an error. */
    List<Fact> select(List<Fact> facts);

    /** The canonical text form, which {@link #parse} reads back. */
    String text();

    /** The first n facts in file order (the paper's "first_16"/"first_64": its CSV is already shuffled). */
    static ForgetSpec first(int n) {
        return new First(n);
    }

    /** n facts drawn at random; the same seed always draws the same facts from the same dataset. */
    static ForgetSpec random(int n, long seed) {
        return new RandomSample(n, seed);
    }

    /** Every fact whose true attribute is value (case-insensitive), e.g. every basketball player. */
    static ForgetSpec attribute(String value) {
        return new WithAttribute(value);
    }

    /** Parses "first:N", "random:N" (seed 0), "random:N:seed=S" or "attribute:VALUE"; errors say what is expected. */
    static ForgetSpec parse(String text) {
        String usage = "forget set " + Messages.quote(text)
                + " not understood; expected first:N, random:N:seed=S or attribute:NAME (e.g. first:64)";
        if (text == null) {
            throw new LocusException(usage);
        }
        String[] parts = text.strip().split(":", -1);
        String kind = parts[0].strip().toLowerCase(Locale.ROOT);
        if (kind.equals("attribute") && parts.length >= 2) {
            String value = String.join(":", Arrays.copyOfRange(parts, 1, parts.length)).strip();
            if (value.isEmpty()) {
                throw new LocusException("forget set " + Messages.quote(text) + ": the attribute is empty");
            }
            return attribute(value);
        }
        if (kind.equals("first") && parts.length == 2) {
            return first(count(parts[1], text));
        }
        if (kind.equals("random") && (parts.length == 2 || parts.length == 3)) {
            long seed = 0;
            if (parts.length == 3) {
                String s = parts[2].strip();
                if (!s.startsWith("seed=")) {
                    throw new LocusException("forget set " + Messages.quote(text)
                            + ": expected seed=S after the count");
                }
                try {
                    seed = Long.parseLong(s.substring(5).strip());
                } catch (NumberFormatException e) {
                    throw new LocusException("forget set " + Messages.quote(text) + ": seed must be an integer");
                }
            }
            return random(count(parts[1], text), seed);
        }
        throw new LocusException(usage);
    }

    private static int count(String n, String text) {
        try {
            int value = Integer.parseInt(n.strip());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new LocusException("forget set " + Messages.quote(text)
                + ": the count must be a whole number of at least 1");
    }

    private static void checkCount(int n, List<Fact> facts, String text) {
        if (n < 1) {
            throw new LocusException("forget set " + Messages.quote(text) + ": the count must be at least 1");
        }
        if (n > facts.size()) {
            throw new LocusException("forget set " + Messages.quote(text) + " asks for " + n
                    + " facts but the dataset has "
                    + facts.size());
        }
    }

    /** The first n facts. */
    record First(int n) implements ForgetSpec {
        @Override
        public List<Fact> select(List<Fact> facts) {
            checkCount(n, facts, text());
            return List.copyOf(facts.subList(0, n));
        }

        @Override
        public String text() {
            return "first:" + n;
        }
    }

    /** n facts at random, kept in file order. */
    record RandomSample(int n, long seed) implements ForgetSpec {
        @Override
        public List<Fact> select(List<Fact> facts) {
            checkCount(n, facts, text());
            List<Integer> indices = new ArrayList<>(facts.size());
            for (int i = 0; i < facts.size(); i++) {
                indices.add(i);
            }
            Random random = Seeds.random(seed);
            List<Integer> chosen = new ArrayList<>(Seeds.shuffled(indices, random).subList(0, n));
            chosen.sort(null);
            return chosen.stream().map(facts::get).toList();
        }

        @Override
        public String text() {
            return "random:" + n + ":seed=" + seed;
        }
    }

    /** Every fact with this true attribute. */
    record WithAttribute(String value) implements ForgetSpec {
        @Override
        public List<Fact> select(List<Fact> facts) {
            List<Fact> chosen = facts.stream().filter(f -> f.attribute().strip().equalsIgnoreCase(value.strip())).toList();
            if (chosen.isEmpty()) {
                throw new LocusException("forget set " + Messages.quote(text()) + ": no fact has attribute "
                        + Messages.quote(value) + "; the attributes are " + String.join(", ",
                                facts.stream().map(Fact::attribute).distinct().limit(20).toList()));
            }
            return chosen;
        }

        @Override
        public String text() {
            return "attribute:" + value;
        }
    }
}
