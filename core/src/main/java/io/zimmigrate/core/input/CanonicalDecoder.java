package io.zimmigrate.core.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.rules.Violation;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one canonical record from Jackson's streaming parser, in one pass and without a tree: accepts a good record
 * and words every rejection (field and rule) of a bad one. Any JSON error anywhere in the record wins over the
 * field errors met before it, as a tree reader would have it. Not thread-safe; the factory it reads with is.
 */
final class CanonicalDecoder {
    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // Hostile input must not exhaust the stack or memory: refuse deep nesting early.
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();
    /**
     * The same parser without Jackson's duplicate-name check, for runs of lines ({@link #readInRun}): that check
     * builds a hash set per object (a tenth of a validating pass); a run checks its two levels of names with a bit
     * mask instead and leaves any duplicate to the per-line parser, so the wording stays Jackson's.
     */
    static final JsonFactory RUN_FACTORY = FACTORY.rebuild()
            .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    /** A run's reason to hand a line to the per-line decoder; never reported (see {@link #readInRun}). */
    private static final Violation DECLINED = new Violation("(line)", CanonicalRecords.RULE_JSON, "declined");
    private static final String KNOWN = "Id, GroupId, ToUserId, FromUserId, MessageType, Priority, MessageBody, "
            + "SubMsgType, SearchedContent, SendMessageTime, HiddenFor";

    private CanonicalDecoder() {}

    /** The record {@code p} holds (a parser over one record's JSON, not yet advanced); closes nothing. */
    static SourceRecord read(JsonParser p, Locator at) {
        try {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                String what = first == null ? "nothing" : FieldValues.nodeType(first);
                if (first != null) {
                    p.skipChildren();
                    trailing(p); // a broken array is broken JSON first
                }
                return unreadable(at, new Violation("(line)", CanonicalRecords.RULE_NOT_OBJECT,
                        "must be one JSON object per line, not " + what));
            }
            List<Violation> found = new ArrayList<>(0);
            RawMessage.Builder b = RawMessage.builder();
            String id = fields(p, b, found, false);
            trailing(p);
            if (!found.isEmpty()) {
                return new SourceRecord.Unreadable(at, new Rejection(at, id, found));
            }
            return new SourceRecord.Readable(at, b.build());
        } catch (JsonProcessingException e) {
            return unreadable(at, new Violation("(line)", CanonicalRecords.RULE_JSON, "is not valid JSON: " + brief(e)));
        } catch (IOException e) {
            return unreadable(at, new Violation("(line)", CanonicalRecords.RULE_JSON, "is not readable: " + e.getMessage()));
        }
    }

    /**
     * The next record of a run of lines that {@code p} reads one after another ({@link LineRuns}), when it is a
     * clean record that lies wholly in its line, which ends at byte {@code lineEnd} of the parser's input; null when
     * it is anything else (broken JSON, a violation, a duplicate name, a value spilling into the next line, an
     * object as {@code Message}): the caller then decodes that line on its own with {@link #read}, which words
     * the rejection, and reads on with a new parser from the next line. So a run never decides what is wrong with
     * a line, only that nothing is, and accepts exactly the records {@link #read} accepts, as it accepts them.
     * {@code b} and {@code found} are the run's, emptied here before each record (nothing of them is kept).
     */
    static SourceRecord readInRun(JsonParser p, byte[] input, int inputStart, int lineEnd, Locator at,
            RawMessage.Builder b, List<Violation> found) {
        try {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            found.clear();
            fields(p, b.clear(), found, true);
            if (!found.isEmpty()) {
                return null;
            }
            long after = p.currentLocation().getByteOffset(); // just past the closing brace, from inputStart
            if (after < 0 || after > lineEnd - inputStart) {
                return null;
            }
            for (int i = inputStart + (int) after; i < lineEnd; i++) {
                byte c = input[i];
                if (c != ' ' && c != '\t' && c != '\r') {
                    return null; // "{...} junk": the per-line decoder says what the junk is
                }
            }
            return new SourceRecord.Readable(at, b.build());
        } catch (IOException | RuntimeException e) {
            return null; // broken JSON (or a limit): the per-line decoder words it
        }
    }

    /**
     * The record's fields, up to its closing brace; returns the {@code Id} when it is a string. With
     * {@code inRun}, the parser does not check duplicate names: a known name met twice adds {@link #DECLINED}.
     */
    private static String fields(JsonParser p, RawMessage.Builder b, List<Violation> found, boolean inRun)
            throws IOException {
        String id = null;
        int seen = 0;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken v = p.nextToken();
            if (inRun) {
                int bit = 1 << knownIndex(name); // an unknown name is a violation anyway: the run declines it
                if ((seen & bit) != 0) {
                    found.add(DECLINED);
                    return id;
                }
                seen |= bit;
            }
            switch (name) {
                case "Id" -> {
                    id = FieldValues.text(p, v, "", name, found);
                    b.id(id);
                }
                case "GroupId" -> b.groupId(FieldValues.text(p, v, "", name, found));
                case "ToUserId" -> b.toUserId(FieldValues.text(p, v, "", name, found));
                case "FromUserId" -> b.fromUserId(FieldValues.text(p, v, "", name, found));
                case "MessageType" -> b.messageType(FieldValues.integer(p, v, name, found));
                case "Priority" -> b.priority(FieldValues.integer(p, v, name, found));
                case "SubMsgType" -> b.subMsgType(FieldValues.integer(p, v, name, found));
                case "SearchedContent" -> b.searchedContent(FieldValues.text(p, v, "", name, found));
                case "SendMessageTime" -> b.sendMessageTime(FieldValues.longValue(p, v, name, found));
                case "HiddenFor" -> b.hiddenFor(FieldValues.textList(p, v, name, found));
                case "MessageBody" -> body(p, v, b, found, inRun);
                default -> {
                    found.add(new Violation(name, CanonicalRecords.RULE_UNKNOWN_FIELD,
                            "is not a field of the canonical format; known fields are " + KNOWN));
                    p.skipChildren();
                }
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new IllegalStateException("a field loop ends at the object's end"); // Jackson's contract
        }
        return id;
    }

    /** Bit positions of a record's names for the duplicate check of a run. */
    private static final int UNKNOWN = 31;

    private static int knownIndex(String name) {
        return switch (name) {
            case "Id" -> 0;
            case "GroupId" -> 1;
            case "ToUserId" -> 2;
            case "FromUserId" -> 3;
            case "MessageType" -> 4;
            case "Priority" -> 5;
            case "SubMsgType" -> 6;
            case "SearchedContent" -> 7;
            case "SendMessageTime" -> 8;
            case "HiddenFor" -> 9;
            case "MessageBody" -> 10;
            default -> UNKNOWN;
        };
    }

    private static void body(JsonParser p, JsonToken v, RawMessage.Builder b, List<Violation> found, boolean inRun)
            throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return; // MessageRules reports the missing body
        }
        if (v != JsonToken.START_OBJECT) {
            found.add(new Violation("MessageBody", CanonicalRecords.RULE_FIELD_TYPE,
                    "must be an object with Message and ExtendedData"));
            p.skipChildren();
            return;
        }
        int seen = 0;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken t = p.nextToken();
            if (inRun) {
                int bit = name.equals("Message") ? 1 : name.equals("ExtendedData") ? 2 : 0;
                if ((seen & bit) != 0 || (bit == 1 && t == JsonToken.START_OBJECT)) {
                    // A duplicate, or an object whose own names the run cannot check: the per-line parser decides.
                    found.add(DECLINED);
                    return;
                }
                seen |= bit;
            }
            if (name.equals("Message")) {
                if (t == JsonToken.START_OBJECT) {
                    // Media structures may be written as objects for readability; ZIM wants their JSON text.
                    b.bodyMessage(jsonText(p));
                } else {
                    b.bodyMessage(FieldValues.text(p, t, "MessageBody.", name, found));
                }
            } else if (name.equals("ExtendedData")) {
                b.bodyExtendedData(FieldValues.text(p, t, "MessageBody.", name, found));
            } else {
                found.add(new Violation("MessageBody." + name, CanonicalRecords.RULE_UNKNOWN_FIELD,
                        name.equals("OfflinePush") || name.equals("HasReceipt") ? "is not supported by ZIM's import APIs"
                                : "is not a MessageBody field; known fields are Message and ExtendedData"));
                p.skipChildren();
            }
        }
    }

    /** The object at the parser as compact JSON text (what {@code JsonNode#toString} would give). */
    private static String jsonText(JsonParser p) throws IOException {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.setRootValueSeparator(new SerializedString(""));
            g.copyCurrentStructure(p);
        }
        return out.toString();
    }

    /** "{...} junk" is not one record: anything after the value is refused. */
    private static void trailing(JsonParser p) throws IOException {
        JsonToken after = p.nextToken();
        if (after != null) {
            throw new com.fasterxml.jackson.core.JsonParseException(p,
                    "Trailing token (of type " + after + ") found after the record");
        }
    }

    private static SourceRecord unreadable(Locator at, Violation v) {
        return new SourceRecord.Unreadable(at, Rejection.of(at, null, v));
    }

    /** Jackson's message without its source excerpt (which could be a whole body), plus the column when known. */
    private static String brief(JsonProcessingException e) {
        String msg = e.getOriginalMessage();
        if (msg == null) {
            return "unreadable";
        }
        for (String cut : new String[] {"\n", " (start marker at", " at [Source"}) {
            int at = msg.indexOf(cut);
            if (at > 0) {
                msg = msg.substring(0, at);
            }
        }
        msg = msg.length() > 160 ? msg.substring(0, 160) + "…" : msg;
        JsonLocation where = e.getLocation();
        if (where != null && where.getColumnNr() > 0) {
            msg += " (at column " + where.getColumnNr() + ")";
        }
        return msg;
    }
}
