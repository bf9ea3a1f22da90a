package io.zimmigrate.core.input;

import io.zimmigrate.core.model.Locator;
import io.zimmigrate.core.rules.Rejection;

/** What a source yields for each record: a readable message, or a record it could not read (with why). */
public sealed interface SourceRecord {
    Locator locator();

    record Readable(Locator locator, RawMessage message) implements SourceRecord {}

    record Unreadable(Locator locator, Rejection rejection) implements SourceRecord {}
}
