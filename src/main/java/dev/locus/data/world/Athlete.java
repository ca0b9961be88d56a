package dev.locus.data.world;

/** One athlete of Sports World: two name tokens and a sport. */
public record Athlete(String first, String last, String sport) {
    public String name() {
        return first + " " + last;
    }
}
