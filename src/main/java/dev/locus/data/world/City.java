package dev.locus.data.world;

/** A fact of the second, unrelated domain (the general-capability stand-in): a city and its country. */
public record City(String name, String country) {
}
