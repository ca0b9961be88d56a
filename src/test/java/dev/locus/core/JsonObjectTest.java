package dev.locus.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locus.core.JsonObject.Bound;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The one reader of JSON fields and its one wording: {@code <file>: <path>: <what is wrong>}. */
class JsonObjectTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonObject read(String json) {
        return JsonObject.root("f.json", JsonObject.parse("f.json", json, JSON));
    }

    private static void fails(String message, Executable code) {
        assertEquals(message, assertThrows(LocusException.class, code).getMessage());
    }

    @Test
    void pathsNameNestedFieldsAndItems() {
        JsonObject o = read("{\"a\": {\"b\": [1, {\"c\": \"x\"}]}}");
        JsonArray b = o.object("a").array("b", "an array");
        assertEquals(1, b.whole(0, 0, 5));
        fails("f.json: a.b[1].c: expected a whole number, got \"x\"", () -> b.object(1).whole("c", 0, 5));
        fails("f.json: a.b[0]: must be between 2 and 5, got 1", () -> b.whole(0, 2, 5));
        fails("f.json: a.d: is missing", () -> o.object("a").text("d"));
        fails("f.json: a: expected an array, got an object", () -> o.array("a", "an array"));
    }

    @Test
    void typedGettersSayWhatTheyExpectedAndWhatTheyGot() {
        JsonObject o = read("{\"s\": \" \", \"n\": 0, \"t\": \"yes\", \"m\": \"Kl\", \"l\": [\"a\", \"a\"]}");
        fails("f.json: s: must not be empty", () -> o.nonBlank("s"));
        assertEquals(" ", o.text("s"));
        fails("f.json: n: must be above 0, got 0", () -> o.number("n", 1, Bound.ABOVE_ZERO));
        fails("f.json: t: expected true or false, got \"yes\"", () -> o.flag("t", false));
        fails("f.json: m: must be one of logit-diff, prob, got \"Kl\"", () -> o.choice("m", List.of("logit-diff", "prob")));
        assertEquals(List.of("a", "a"), o.texts("l", List.of()));
        fails("f.json: l[1]: \"a\" appears twice", () -> o.names("l", List.of(), true));
        assertEquals(7, o.whole("absent", 7, 1, 9));
    }

    @Test
    void nullIsAValueUnlessTheReaderReadsItAsAbsent() {
        JsonObject o = read("{\"n\": null, \"o\": null}");
        fails("f.json: n: expected a whole number, got null", () -> o.whole("n", 3, 1, 9));
        fails("f.json: n: expected a whole number, got null", () -> o.whole("n", 1, 9));
        JsonObject lenient = o.nullIsAbsent();
        assertEquals(3, lenient.whole("n", 3, 1, 9));
        fails("f.json: n: is missing", () -> lenient.whole("n", 1, 9));
        assertNull(lenient.objectOrNull("o"));
        assertNull(o.nullableText("n", "x"));
    }

    @Test
    void unknownFieldsSuggestTheNearestKnownOne() {
        JsonObject o = read("{\"learning_rate\": 1}");
        fails("f.json: learning_rate: unknown field; did you mean lr?", () -> o.known(List.of("lr", "steps")));
        fails("f.json: learning_rate: unknown field; the fields here are a, b", () -> o.known(List.of("a", "b")));
        assertEquals("edit_format", FieldSuggestions.suggest("editFormat", List.of("edit_format", "formats")));
    }

    @Test
    void theFileItselfIsNamedWithoutAPath() {
        fails("f.json: expected a JSON object, got an array", () -> read("[1]"));
        fails("f.json: file is empty; expected a JSON object", () -> read(""));
        fails("f.json: not valid JSON at line 1, column 8: Unexpected close marker ']': expected '}'",
                () -> read("{\"a\": 1]"));
        fails("f.json: the whole object", () -> {
            throw read("{}").error("the whole object");
        });
    }

    @Test
    void ioReasonsAreAFewWords() {
        assertEquals("no such file", Messages.reason(new NoSuchFileException("/x/y")));
        assertEquals("permission denied", Messages.reason(new AccessDeniedException("/x/y")));
        assertEquals("not valid UTF-8 text", Messages.reason(new MalformedInputException(1)));
        assertEquals("disk on fire", Messages.reason(new IOException("disk on fire\n\tat some.Frame")));
        assertEquals("'a\\u000ab'", Messages.quote("a\nb"));
    }
}
