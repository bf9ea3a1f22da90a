package io.zimmigrate.core.validation;

import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.port.MessageSource;
import io.zimmigrate.core.rules.Rejection;
import java.util.List;
import java.util.Objects;

/**
 * One validation pass over an input made of one or more sources, read in the order given: every record goes
 * through {@link InputRules} (so an {@code Id} must be unique across all the sources) and into a
 * {@link ValidationTally}; each rejection is handed to a {@link Listener} as soon as it is found, so rejects can
 * be written while the input streams past. Never holds more than one record.
 */
public final class InputValidation {

    /** Hears about each rejected record, in input order. */
    public interface Listener {
        void rejected(Rejection rejection);
    }

    private final MessageRules rules;

    public InputValidation(MessageRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    /**
     * Reads every record of {@code sources}, judging send times against {@code nowMillis}. A source that cannot be
     * read at all ends the pass with its {@link io.zimmigrate.core.port.SourceException}.
     */
    public ValidationSummary run(List<? extends MessageSource> sources, long nowMillis, Listener listener) {
        InputRules input = new InputRules(rules);
        ValidationTally tally = new ValidationTally();
        // Accepted records are only counted, so no Message is built for them (issue #13, P3): one Parts for all.
        MessageRules.Parts parts = new MessageRules.Parts();
        for (MessageSource source : sources) {
            try (MessageSource.RecordStream records = source.open()) {
                while (records.hasNext()) {
                    SourceRecord record = records.next();
                    Rejection rejection = input.judge(record, nowMillis, parts);
                    if (rejection == null) {
                        tally.accepted(parts);
                    } else {
                        tally.rejected(rejection);
                        listener.rejected(rejection);
                    }
                }
            }
        }
        return tally.summary();
    }
}
