package dev.locus.data.files;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locus.core.JsonErrors;
import dev.locus.core.LocusException;
import dev.locus.core.Messages;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;

/**
 * Streams the records of a JSON file that holds one array, one record at a time, so that files of tens of MB are
 * never held as one tree. JSON syntax errors, invalid UTF-8 and I/O failures become LocusExceptions naming the
 * file (and the line and column).
 */
final class JsonFiles {
    /** Duplicate keys are an error: in a hand-edited file the second one silently winning hides a typo. */
    static final ObjectMapper MAPPER = new ObjectMapper(
            JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

    /** Receives each element of the array and its index. */
    @FunctionalInterface
    interface RecordHandler {
        void accept(int index, JsonNode record);
    }

    private JsonFiles() {
    }

    /** Calls handler for each element of the file's top-level array; what describes it in messages ("records"). */
    static void forEachInArray(Path file, String what, RecordHandler handler) {
        String label = Messages.label(file);
        try (Reader reader = StrictUtf8Reader.open(file); JsonParser parser = MAPPER.createParser(reader)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new LocusException(label + ": file is empty; expected a JSON array of " + what);
            }
            if (first != JsonToken.START_ARRAY) {
                throw new LocusException(label + ": expected a JSON array of " + what + ", got "
                        + (first == JsonToken.START_OBJECT ? "an object" : "a single value") + " at line "
                        + parser.currentTokenLocation().getLineNr());
            }
            int index = 0;
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token == null) {
                    throw new LocusException(label + ": the array of " + what + " is never closed (file ends early)");
                }
                JsonNode node = MAPPER.readTree(parser);
                handler.accept(index++, node);
            }
            if (parser.nextToken() != null) {
                throw new LocusException(label + ": unexpected content after the array, at line "
                        + parser.currentTokenLocation().getLineNr());
            }
        } catch (JsonProcessingException e) {
            throw new LocusException(label + ": not valid JSON" + JsonErrors.at(e.getLocation()) + ": " + JsonErrors.reason(e), e);
        } catch (IOException e) {
            throw new LocusException(label + ": cannot read: " + Messages.reason(e), e);
        }
    }

}
