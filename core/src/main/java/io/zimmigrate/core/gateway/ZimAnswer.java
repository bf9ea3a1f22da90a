package io.zimmigrate.core.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.zimmigrate.core.wire.ZimJson;
import java.io.IOException;
import java.util.Optional;

/**
 * A body that is a ZIM answer: a JSON object with a numeric {@code Code}, plus its {@code Message} and
 * {@code RequestId}. Anything else (HTML from a proxy, an empty body, a truncated JSON) is not one.
 */
record ZimAnswer(long code, String message, String requestId, JsonNode json) {

    static Optional<ZimAnswer> read(byte[] body) {
        if (body == null || body.length == 0) {
            return Optional.empty();
        }
        JsonNode json;
        try {
            json = ZimJson.mapper().readTree(body);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (json == null || !json.isObject()) {
            return Optional.empty();
        }
        JsonNode code = json.get("Code");
        if (code == null || !code.isIntegralNumber() || !code.canConvertToLong()) {
            return Optional.empty();
        }
        return Optional.of(new ZimAnswer(code.asLong(), text(json, "Message"), text(json, "RequestId"), json));
    }

    private static String text(JsonNode json, String field) {
        JsonNode n = json.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    /** ZIM's message (or, if it gave none, what the code table says), with the request ID for ZEGO support. */
    String describe() {
        String said = message == null || message.isBlank()
                ? ZimCodes.entry(code).map(ZimCodes.Entry::meaning).orElse("no message")
                : message;
        String explained = ZimCodes.entry(code)
                .filter(e -> !e.meaning().equalsIgnoreCase(said))
                .map(e -> said + " [" + e.meaning() + "]")
                .orElse(said);
        return Redaction.redact(requestId == null ? explained : explained + " (RequestId " + requestId + ")");
    }
}
