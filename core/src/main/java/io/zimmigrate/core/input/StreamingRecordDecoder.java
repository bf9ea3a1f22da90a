package io.zimmigrate.core.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.zimmigrate.core.model.Locator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The fast path of {@link CanonicalRecords#decodeLine}: reads a well-formed canonical record straight from the
 * line's UTF-8 bytes with one streaming {@link JsonParser} (no tree, no intermediate {@code String} of the line),
 * switching on each field name.
 *
 * <p>It only ever <em>accepts</em>: a line it is not sure about (bad JSON, a value of the wrong type, an unknown or
 * repeated field, a media structure written as an object, anything unusual) makes it answer {@code null}, and the
 * caller decodes that line with the tree-based reader, which words every error. So each rejection keeps exactly
 * its former rule and message, and the differential property test proves both paths read good lines alike.
 */
final class StreamingRecordDecoder {
    /** Shared and thread-safe. Duplicate names are caught by the field bits below; error locations are never shown. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();

    private static final int ID = 1;
    private static final int GROUP_ID = 1 << 1;
    private static final int TO_USER_ID = 1 << 2;
    private static final int FROM_USER_ID = 1 << 3;
    private static final int MESSAGE_TYPE = 1 << 4;
    private static final int PRIORITY = 1 << 5;
    private static final int MESSAGE_BODY = 1 << 6;
    private static final int SUB_MSG_TYPE = 1 << 7;
    private static final int SEARCHED_CONTENT = 1 << 8;
    private static final int SEND_MESSAGE_TIME = 1 << 9;
    private static final int HIDDEN_FOR = 1 << 10;
    private static final int BODY_MESSAGE = 1 << 11;
    private static final int BODY_EXTENDED_DATA = 1 << 12;

    /** Thrown to leave the parse for the careful reader; preallocated, no stack trace: it is control flow. */
    private static final class NotSimple extends Exception {
        private static final NotSimple INSTANCE = new NotSimple();

        private NotSimple() {
            super(null, null, false, false);
        }
    }

    private StreamingRecordDecoder() {}

    /**
     * The record on {@code bytes[offset, offset + length)}, which must be valid UTF-8, or null when the line needs
     * the careful reader.
     */
    static SourceRecord tryDecode(byte[] bytes, int offset, int length, Locator locator) {
        // Jackson guesses the encoding of a byte source from its first four bytes: a NUL among them could make it
        // read UTF-16 or UTF-32 where the text reader sees NUL characters. A record starts with '{' anyway.
        if (length < 2 || bytes[offset] != '{') {
            return null;
        }
        for (int i = offset + 1, end = offset + Math.min(length, 4); i < end; i++) {
            if (bytes[i] == 0) {
                return null;
            }
        }
        try (JsonParser p = FACTORY.createParser(bytes, offset, length)) {
            return new SourceRecord.Readable(locator, read(p));
        } catch (NotSimple | IOException | RuntimeException e) {
            return null; // the careful reader will say what is wrong, in its words
        }
    }

    private static RawMessage read(JsonParser p) throws IOException, NotSimple {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw NotSimple.INSTANCE;
        }
        RawMessage.Builder b = RawMessage.builder();
        int seen = 0;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            int bit;
            switch (name) {
                case "Id" -> {
                    bit = ID;
                    b.id(text(p, t));
                }
                case "GroupId" -> {
                    bit = GROUP_ID;
                    b.groupId(text(p, t));
                }
                case "ToUserId" -> {
                    bit = TO_USER_ID;
                    b.toUserId(text(p, t));
                }
                case "FromUserId" -> {
                    bit = FROM_USER_ID;
                    b.fromUserId(text(p, t));
                }
                case "MessageType" -> {
                    bit = MESSAGE_TYPE;
                    b.messageType(integer(p, t));
                }
                case "Priority" -> {
                    bit = PRIORITY;
                    b.priority(integer(p, t));
                }
                case "SubMsgType" -> {
                    bit = SUB_MSG_TYPE;
                    b.subMsgType(integer(p, t));
                }
                case "SearchedContent" -> {
                    bit = SEARCHED_CONTENT;
                    b.searchedContent(text(p, t));
                }
                case "SendMessageTime" -> {
                    bit = SEND_MESSAGE_TIME;
                    b.sendMessageTime(longValue(p, t));
                }
                case "HiddenFor" -> {
                    bit = HIDDEN_FOR;
                    b.hiddenFor(textList(p, t));
                }
                case "MessageBody" -> {
                    bit = MESSAGE_BODY;
                    seen = body(p, t, b, seen);
                }
                default -> throw NotSimple.INSTANCE; // an unknown field: the careful reader names it
            }
            if ((seen & bit) != 0) {
                throw NotSimple.INSTANCE; // a repeated field: not one record
            }
            seen |= bit;
        }
        if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
            throw NotSimple.INSTANCE; // trailing tokens, or something odd
        }
        return b.build();
    }

    /** Reads a MessageBody object of string fields; returns {@code seen} with the body's field bits added. */
    private static int body(JsonParser p, JsonToken t, RawMessage.Builder b, int seen) throws IOException, NotSimple {
        if (t == JsonToken.VALUE_NULL) {
            return seen;
        }
        if (t != JsonToken.START_OBJECT) {
            throw NotSimple.INSTANCE;
        }
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            int bit;
            if (name.equals("Message")) {
                bit = BODY_MESSAGE;
                b.bodyMessage(text(p, v)); // an object here (a media structure) goes the careful way
            } else if (name.equals("ExtendedData")) {
                bit = BODY_EXTENDED_DATA;
                b.bodyExtendedData(text(p, v));
            } else {
                throw NotSimple.INSTANCE;
            }
            if ((seen & bit) != 0) {
                throw NotSimple.INSTANCE;
            }
            seen |= bit;
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw NotSimple.INSTANCE;
        }
        return seen;
    }

    private static String text(JsonParser p, JsonToken t) throws IOException, NotSimple {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        throw NotSimple.INSTANCE;
    }

    /** Like the tree reader: a JSON integer that fits an {@code int}. */
    private static Integer integer(JsonParser p, JsonToken t) throws IOException, NotSimple {
        if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
            return p.getIntValue();
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        throw NotSimple.INSTANCE;
    }

    /** Like the tree reader: a JSON integer that fits a {@code long}. */
    private static Long longValue(JsonParser p, JsonToken t) throws IOException, NotSimple {
        if (t == JsonToken.VALUE_NUMBER_INT) {
            JsonParser.NumberType type = p.getNumberType();
            if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
                return p.getLongValue();
            }
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        throw NotSimple.INSTANCE;
    }

    private static List<String> textList(JsonParser p, JsonToken t) throws IOException, NotSimple {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_ARRAY) {
            throw NotSimple.INSTANCE;
        }
        List<String> out = new ArrayList<>(2);
        JsonToken item;
        while ((item = p.nextToken()) == JsonToken.VALUE_STRING) {
            out.add(p.getText());
        }
        if (item != JsonToken.END_ARRAY) {
            throw NotSimple.INSTANCE;
        }
        return out;
    }
}
