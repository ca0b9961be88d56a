package dev.locus.data.world;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Sports World, the synthetic world of the bundled demo model, generated from a seed. Athletes are
 * "First Last" from shared pools in which every first name and every last name belongs to exactly as many
 * athletes of each sport (18 random permutations between the pools, 6 per sport), so neither name alone
 * says anything about the sport: only the pair does, and the model must look it up. A second domain
 * (160 cities in 4 countries) and a small grammar of everyday sentences stand in for the paper's MMLU and
 * Pile, for general-capability side effects.
 */
public final class SportsWorld {
    /** The three sports athletes play; golf appears only in the demonstration and as an edit target. */
    public static final List<String> SPORTS = List.of("football", "baseball", "basketball");
    public static final String GOLF = "golf";

    private final long seed;
    private final List<Athlete> athletes;
    private final List<City> cities;
    private final List<String> countries;
    private final List<String> sentences;

    private SportsWorld(long seed, List<Athlete> athletes, List<City> cities, List<String> countries,
                        List<String> sentences) {
        this.seed = seed;
        this.athletes = athletes;
        this.cities = cities;
        this.countries = countries;
        this.sentences = sentences;
    }

    /**
     * Generates the world.
     *
     * @param namesPerPool first names and last names each (athletes = namesPerPool x 6 x 3)
     */
    public static SportsWorld generate(long seed, int namesPerPool) {
        SplittableRandom random = new SplittableRandom(seed);
        Set<String> taken = new HashSet<>(reservedWords());
        NameMaker maker = new NameMaker(random, taken);
        List<String> firsts = maker.words(namesPerPool, 2);
        List<String> lasts = maker.words(namesPerPool, 2);
        List<Athlete> athletes = new ArrayList<>();
        List<int[]> matchings = matchings(random, namesPerPool, 3 * 6);
        for (int m = 0; m < matchings.size(); m++) {
            String sport = SPORTS.get(m % SPORTS.size());
            int[] perm = matchings.get(m);
            for (int f = 0; f < namesPerPool; f++) {
                athletes.add(new Athlete(firsts.get(f), lasts.get(perm[f]), sport));
            }
        }
        shuffle(athletes, random);
        List<String> countries = maker.words(4, 2);
        List<String> cityNames = maker.words(160, 2);
        List<City> cities = new ArrayList<>();
        for (int i = 0; i < cityNames.size(); i++) {
            cities.add(new City(cityNames.get(i), countries.get(i % countries.size())));
        }
        shuffle(cities, random);
        return new SportsWorld(seed, List.copyOf(athletes), List.copyOf(cities), List.copyOf(countries),
                EverydayGrammar.sentences(new SplittableRandom(seed + 1), 4000));
    }

    /**
     * {@code count} permutations of {@code 0..n-1} such that no two send the same first name to the same last
     * name (every athlete's pair is unique). Collisions are repaired by swapping with random positions.
     */
    private static List<int[]> matchings(SplittableRandom random, int n, int count) {
        List<int[]> out = new ArrayList<>();
        Set<Long> used = new HashSet<>();
        for (int c = 0; c < count; c++) {
            int[] perm = new int[n];
            for (int i = 0; i < n; i++) {
                perm[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                swap(perm, i, random.nextInt(i + 1));
            }
            for (int guard = 0; guard < 1_000_000; guard++) {
                int clash = -1;
                for (int i = 0; i < n && clash < 0; i++) {
                    if (used.contains((long) i * n + perm[i])) {
                        clash = i;
                    }
                }
                if (clash < 0) {
                    break;
                }
                repair(perm, clash, used, n, random);
            }
            for (int i = 0; i < n; i++) {
                if (!used.add((long) i * n + perm[i])) {
                    throw new IllegalStateException("could not make unique athlete names; use more names per pool");
                }
            }
            out.add(perm);
        }
        return out;
    }

    /**
     * Swaps the clashing position with one where both new pairs are still free, trying partners in random
     * order; when there is none, swaps with a random partner and lets the next round repair further.
     */
    private static void repair(int[] perm, int i, Set<Long> used, int n, SplittableRandom random) {
        int offset = random.nextInt(n);
        for (int k = 0; k < n; k++) {
            int j = (offset + k) % n;
            if (j != i && !used.contains((long) i * n + perm[j]) && !used.contains((long) j * n + perm[i])) {
                swap(perm, i, j);
                return;
            }
        }
        swap(perm, i, random.nextInt(n));
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    private static <T> void shuffle(List<T> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            Collections.swap(list, i, random.nextInt(i + 1));
        }
    }

    /** Words the templates and grammar use, which made-up names must not collide with. */
    private static Set<String> reservedWords() {
        Set<String> words = new HashSet<>(List.of("tiger", "woods", "fact", "question", "answer", "roster", "city",
                "country", "sport", "golf", "football", "baseball", "basketball"));
        words.addAll(EverydayGrammar.vocabulary());
        return words;
    }

    public long seed() {
        return seed;
    }

    public List<Athlete> athletes() {
        return athletes;
    }

    public List<City> cities() {
        return cities;
    }

    public List<String> countries() {
        return countries;
    }

    /** Everyday sentences; the last tenth is held out for the general next-token loss. */
    public List<String> sentences() {
        return sentences;
    }
}
