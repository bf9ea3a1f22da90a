package io.zimmigrate.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zimmigrate.core.wire.ZimJson;

/**
 * What the emulator means to send back for one request: a ZIM JSON body (HTTP 200, {@code Code} inside), or
 * an HTTP 500 with no body. {@code RequestId} is added when the answer is sent.
 */
record Answer(int status, ObjectNode body) {

    static Answer success() {
        return of(Codes.SUCCESS, "success");
    }

    /** A ZIM answer with {@code code} and {@code message}; callers add further fields to {@link #body()}. */
    static Answer of(long code, String message) {
        ObjectNode body = ZimJson.mapper().createObjectNode();
        body.put("Code", code);
        body.put("Message", message);
        return new Answer(200, body);
    }

    static Answer serverError() {
        return new Answer(500, null);
    }

    long code() {
        return body == null ? -1 : body.path("Code").asLong(-1);
    }
}
