package io.zimmigrate.core.rules;

import io.zimmigrate.core.model.Message;
import java.util.List;

/** What the rules made of one record: a message (perhaps with warnings), or a rejection. */
public sealed interface Validation {

    record Accepted(Message message, List<Violation> warnings) implements Validation {
        public Accepted {
            warnings = List.copyOf(warnings);
        }
    }

    record Rejected(Rejection rejection) implements Validation {}
}
