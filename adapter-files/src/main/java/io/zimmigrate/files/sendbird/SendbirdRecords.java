package io.zimmigrate.files.sendbird;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.zimmigrate.core.port.SourceException;
import io.zimmigrate.files.support.Json;
import io.zimmigrate.files.support.TextInput;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;

/**
 * Streams the record objects of one Sendbird export file, one at a time, so a file of millions of messages
 * never sits in memory. Sendbird documents the records (message and channel resources) but not how the export
 * file wraps them, so both plausible wrappings are read: a JSON list of objects, or an object one of whose
 * fields is that list (such as {@code {"messages":[...]}}; the first field holding a list is used).
 *
 * <p>A record that is not an object is a {@link Problem} and the next one is read; broken JSON or bytes that
 * are not UTF-8 are a final {@link Problem}: nothing after a break can be told apart. A file that cannot be read
 * at all (a damaged zip entry) is a {@link SourceException}.
 */
final class SendbirdRecords implements AutoCloseable {

    /** What {@link #next()} yields. */
    sealed interface Item permits Entry, Problem {}

    /** One record object and the line where it starts. */
    record Entry(long line, JsonNode node) implements Item {}

    /** Something that is not a record, at {@code line}; when {@code last}, the rest of the file is not read. */
    record Problem(long line, String message, boolean last) implements Item {}

    private final SendbirdDocument document;
    private final InputStream in;
    private JsonParser parser;
    private boolean done;
    private Problem opening;

    private SendbirdRecords(SendbirdDocument document) {
        this.document = document;
        this.in = document.open();
    }

    static SendbirdRecords open(SendbirdDocument document) {
        SendbirdRecords records = new SendbirdRecords(document);
        try {
            records.parser = Json.MAPPER.createParser(TextInput.strictUtf8(records.in));
            records.opening = records.findList();
        } catch (IOException | RuntimeException e) {
            records.close();
            if (e instanceof SourceException se) {
                throw se;
            }
            throw new SourceException("cannot read " + document.shownAs() + ": " + e.getMessage(), e);
        }
        return records;
    }

    /** The next record or problem, or null at the end of the file. */
    Item next() {
        if (opening != null) {
            Problem p = opening;
            opening = null;
            done = p.last();
            return p;
        }
        if (done) {
            return null;
        }
        try {
            JsonToken t = parser.nextToken();
            long line = parser.currentTokenLocation().getLineNr();
            if (t == null || t == JsonToken.END_ARRAY) {
                done = true;
                return null;
            }
            if (t != JsonToken.START_OBJECT) {
                parser.skipChildren();
                return new Problem(line, "is " + describe(t) + ", not a record object", false);
            }
            return new Entry(line, Json.MAPPER.readTree(parser));
        } catch (IOException e) {
            done = true;
            return broken(e);
        }
    }

    /** Moves to the first element of the list of records; a final problem when there is none. */
    private Problem findList() throws IOException {
        try {
            JsonToken t = parser.nextToken();
            if (t == JsonToken.START_ARRAY) {
                return null;
            }
            if (t == JsonToken.START_OBJECT) {
                for (t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
                    if (parser.nextToken() == JsonToken.START_ARRAY) {
                        return null;
                    }
                    parser.skipChildren();
                }
                return new Problem(1, "holds no list of records (neither a JSON list nor an object with one)", true);
            }
            return new Problem(1, "must be a JSON list of records, or an object holding one; it is "
                    + (t == null ? "empty" : describe(t)), true);
        } catch (IOException e) {
            return broken(e);
        }
    }

    private Problem broken(IOException e) {
        if (e instanceof JsonProcessingException j) {
            long line = j.getLocation() == null ? 1 : Math.max(1, j.getLocation().getLineNr());
            return new Problem(line, "is not valid JSON (" + Json.brief(j) + " at " + Json.at(document.shownAs(), j.getLocation())
                    + "); the rest of this file is not read", true);
        }
        if (e instanceof CharacterCodingException || e instanceof CharConversionException) {
            return new Problem(parser == null ? 1 : Math.max(1, parser.currentLocation().getLineNr()),
                    "is not UTF-8 text; the rest of this file is not read", true);
        }
        throw new SourceException("cannot read " + document.shownAs() + ": " + e.getMessage()
                + "; the export is damaged, so download or unpack it again", e);
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "a list";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.asString() == null ? t.name() : t.asString();
        };
    }

    @Override
    public void close() {
        TextInput.closeQuietly(parser);
        TextInput.closeQuietly(in);
    }
}
