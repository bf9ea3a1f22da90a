package io.zimmigrate.core.gateway;

import java.util.Objects;

/** What one attempt to send a request came to, as far as the transport can tell. */
public sealed interface TransportResult {

    /** Something answered over HTTP. Whether it was ZIM, and what it said, is core's business. */
    record Answered(int status, byte[] body) implements TransportResult {
        public Answered {
            body = body == null ? new byte[0] : body;
        }

        @Override
        public String toString() {
            return "Answered[status=" + status + ", " + body.length + " bytes]";
        }
    }

    /** The request surely did not leave: safe to send again. */
    record NotSent(String reason) implements TransportResult {
        public NotSent {
            reason = Redaction.redact(Objects.requireNonNullElse(reason, "not sent"));
        }
    }

    /** The request may have reached ZIM, and nobody knows what ZIM did with it. */
    record MaybeSent(String reason) implements TransportResult {
        public MaybeSent {
            reason = Redaction.redact(Objects.requireNonNullElse(reason, "maybe sent"));
        }
    }
}
