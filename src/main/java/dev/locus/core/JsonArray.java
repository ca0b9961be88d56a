package dev.locus.core;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One JSON array of a file, read item by item; the companion of {@link JsonObject}, with the same messages, each
 * item's path written with [index]: {@code run.json: seeds[1]: must be at least 0, got -1}.
 */
public final class JsonArray {
    private final String label;
    private final String path;
    private final JsonNode node;
    private final boolean nullIsAbsent;

    JsonArray(String label, String path, JsonNode node, String expected, boolean nullIsAbsent) {
        if (!node.isArray()) {
            throw JsonObject.error(label, path, "expected " + expected + ", got " + JsonObject.describe(node));
        }
        this.label = label;
        this.path = path;
        this.node = node;
        this.nullIsAbsent = nullIsAbsent;
    }

    /**
     * The array at path of the file label; anything else is {@code <label>: <path>: expected <expected>, got ...},
     * e.g. with expected "an array of component ids".
     */
    public static JsonArray at(String label, String path, JsonNode node, String expected) {
        return new JsonArray(label, path, node, expected, false);
    }

    public int size() {
        return node.size();
    }

    public boolean isEmpty() {
        return node.isEmpty();
    }

    public String path() {
        return path;
    }

    /** The path of item i, for messages: {@code seeds[1]}. */
    public String pathOf(int i) {
        return path + "[" + i + "]";
    }

    /** Item i's node as it is. */
    public JsonNode get(int i) {
        return node.get(i);
    }

    /** {@code <label>: <path>: <what>}: a problem with the array as a whole. */
    public LocusException error(String what) {
        return JsonObject.error(label, path, what);
    }

    /** {@code <label>: <path>[i]: <what>}: a problem with one item. */
    public LocusException error(int i, String what) {
        return JsonObject.error(label, pathOf(i), what);
    }

    /** Item i as a string, which may be empty. */
    public String text(int i) {
        return JsonObject.string(label, pathOf(i), node.get(i), false);
    }

    /** Item i as a string that is not blank. */
    public String nonBlank(int i) {
        return JsonObject.string(label, pathOf(i), node.get(i), true);
    }

    /** Item i as a whole number in [min, max]. */
    public int whole(int i, int min, int max) {
        return (int) JsonObject.whole(label, pathOf(i), node.get(i), min, max);
    }

    /** Item i as a whole number in [min, max], as a long. */
    public long wholeLong(int i, long min, long max) {
        return JsonObject.whole(label, pathOf(i), node.get(i), min, max);
    }

    /** Item i as an object. */
    public JsonObject object(int i) {
        JsonObject o = JsonObject.at(label, pathOf(i), node.get(i));
        return nullIsAbsent ? o.nullIsAbsent() : o;
    }
}
