package io.zimmigrate.core.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.rules.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Decodes the canonical record format (docs/input-format.md): one JSON object with ZIM's request field names
 * plus {@code Id} and {@code HiddenFor}. A record that cannot be read becomes a rejection that names the field
 * and the rule; it never throws. Shared by every source that carries canonical JSON (JSON Lines, CSV cells).
 *
 * <p>One decoder ({@link CanonicalDecoder}, on Jackson's streaming parser) reads every form: a line's bytes, a
 * string, or a tree a source built. Bytes are checked for UTF-8 with Guava's {@code Utf8.isWellFormed} first,
 * because Jackson's byte parser checks less (it lets surrogates and some overlong forms through).
 */
public final class CanonicalRecords {
    public static final String RULE_UTF8 = "record.utf8";
    public static final String RULE_JSON = "record.json";
    public static final String RULE_NOT_OBJECT = "record.not-object";
    public static final String RULE_UNKNOWN_FIELD = "record.unknown-field";
    public static final String RULE_FIELD_TYPE = "record.field-type";
    /** A record longer than its source allows (sources cap line length so one huge line cannot exhaust memory). */
    public static final String RULE_TOO_LONG = "record.too-long";

    /** The fields a canonical record may have; anything else is refused by name so a typo cannot pass silently. */
    public static final Set<String> FIELDS = Set.of("Id", "GroupId", "ToUserId", "FromUserId", "MessageType",
            "Priority", "MessageBody", "SubMsgType", "SearchedContent", "SendMessageTime", "HiddenFor");

    private CanonicalRecords() {}

    /** Decodes one line's raw bytes (which may not even be UTF-8). */
    public static SourceRecord decodeLine(byte[] bytes, int offset, int length, Locator locator) {
        if (!com.google.common.base.Utf8.isWellFormed(bytes, offset, length)) {
            return new SourceRecord.Unreadable(locator,
                    Rejection.of(locator, null, new Violation("(line)", RULE_UTF8, "is not valid UTF-8")));
        }
        if (mightBeTakenForAnotherEncoding(bytes, offset, length)) {
            // Jackson's byte parser would detect UTF-16/32 or skip a BOM; a line is UTF-8 text, so read it as such.
            return decode(new String(bytes, offset, length, StandardCharsets.UTF_8), locator);
        }
        try (JsonParser p = CanonicalDecoder.FACTORY.createParser(bytes, offset, length)) {
            return CanonicalDecoder.read(p, locator);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // closing a parser over bytes does no I/O
        }
    }

    /** A NUL among the first four bytes or a UTF-8 BOM: what Jackson's encoding detection acts on. */
    static boolean mightBeTakenForAnotherEncoding(byte[] b, int offset, int length) {
        for (int i = offset, end = offset + Math.min(4, length); i < end; i++) {
            if (b[i] == 0) {
                return true;
            }
        }
        return length >= 3 && b[offset] == (byte) 0xEF && b[offset + 1] == (byte) 0xBB && b[offset + 2] == (byte) 0xBF;
    }

    /** {@link #decodeLine} for a stream of lines (kept for its callers; holds nothing between lines today). */
    public static final class LineDecoder {
        public SourceRecord decode(byte[] bytes, int offset, int length, Locator locator) {
            return decodeLine(bytes, offset, length, locator);
        }
    }

    /** Decodes one record from JSON text. */
    public static SourceRecord decode(String json, Locator locator) {
        try (JsonParser p = CanonicalDecoder.FACTORY.createParser(json)) {
            return CanonicalDecoder.read(p, locator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes an already built JSON object (CSV rows are turned into one). */
    public static SourceRecord fromObject(JsonNode node, Locator locator) {
        try (JsonParser p = node.traverse()) {
            return CanonicalDecoder.read(p, locator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
