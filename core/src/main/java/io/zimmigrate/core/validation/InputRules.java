package io.zimmigrate.core.validation;

import io.zimmigrate.core.input.SourceRecord;
import io.zimmigrate.core.port.ScratchSpace;
import io.zimmigrate.core.table.FingerprintSet;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.rules.Shown;
import io.zimmigrate.core.rules.Validation;
import io.zimmigrate.core.rules.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The rules of a whole input, applied record by record in input order: each record must pass {@link MessageRules},
 * and each {@code Id} may appear only once (the first record with an ID claims it; later ones are rejected with
 * {@value #RULE_DUPLICATE_ID}). Records the source could not read count too when their {@code Id} was readable.
 *
 * <p>One instance covers one pass over one input (which may span several files): it numbers the records (the
 * ordinal that breaks ties between equal send times) and remembers 64-bit fingerprints of the IDs it has seen
 * ({@link FingerprintSet}), not the IDs themselves. Not thread-safe.
 */
public final class InputRules {
    public static final String RULE_DUPLICATE_ID = "record.duplicate-id";

    private final MessageRules rules;
    private final FingerprintSet seenIds;
    private long ordinal;

    public InputRules(MessageRules rules) {
        this(rules, 0);
    }

    /** With room for {@code expectedRecords} IDs reserved up front (when a first pass counted them). */
    public InputRules(MessageRules rules, long expectedRecords) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.seenIds = new FingerprintSet(expectedRecords);
    }

    /**
     * Going on after {@code recordsBefore} records whose IDs are {@code seenIds} (a growth of a followed file, issue
     * 15): an appended record reusing one of them is a duplicate, and ordinals go on from there.
     */
    public InputRules(MessageRules rules, FingerprintSet seenIds, long recordsBefore) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.seenIds = seenIds;
        this.ordinal = recordsBefore;
    }

    /**
     * For a plan from empty: its ID set's table within {@link FingerprintSet#idBudget()}, the rest spilled to
     * {@code scratch} (issue #13: the table alone, 10-14 B per Id, bounded a plan at 10-12 M messages under 256 MB).
     */
    public static InputRules forPlan(MessageRules rules, ScratchSpace scratch) {
        return new InputRules(rules, FingerprintSet.spillingTo(scratch, FingerprintSet.idBudget()), 0);
    }

    public MessageRules messageRules() {
        return rules;
    }

    /**
     * Checks the next record of the input against the retention window as it stands at {@code nowMillis}. The
     * record's ordinal (0-based, counting every record including rejected ones) is the number of records checked
     * before it.
     */
    public Validation check(SourceRecord record, long nowMillis) {
        long position = ordinal++;
        if (record instanceof SourceRecord.Unreadable unreadable) {
            return new Validation.Rejected(unreadable(unreadable));
        }
        SourceRecord.Readable readable = (SourceRecord.Readable) record;
        boolean first = claim(readable.message().id());
        Validation v = rules.validate(readable.message(), readable.locator(), position, nowMillis);
        if (first) {
            return v;
        }
        return new Validation.Rejected(
                asDuplicate(readable, v instanceof Validation.Rejected rejected ? rejected.rejection() : null));
    }

    /**
     * {@link #check} without building the accepted record's {@link io.zimmigrate.core.model.Message}: {@code null}
     * when the record is accepted (what the rules made of it is then in {@code into}), else its rejection. Same
     * ordinals, same Ids claimed, same rejections.
     */
    public Rejection judge(SourceRecord record, long nowMillis, MessageRules.Parts into) {
        ordinal++;
        if (record instanceof SourceRecord.Unreadable unreadable) {
            return unreadable(unreadable);
        }
        SourceRecord.Readable readable = (SourceRecord.Readable) record;
        boolean first = claim(readable.message().id());
        Rejection base = rules.check(readable.message(), readable.locator(), nowMillis, into);
        return first ? base : asDuplicate(readable, base);
    }

    /** An unreadable record's rejection, naming a duplicate Id too when it reuses one. */
    private Rejection unreadable(SourceRecord.Unreadable record) {
        Rejection r = record.rejection();
        return claim(r.id()) ? r : withDuplicate(r);
    }

    /** A record whose Id an earlier one claimed: its own rejection ({@code base}, or none) plus the duplicate. */
    private Rejection asDuplicate(SourceRecord.Readable record, Rejection base) {
        String id = record.message().id();
        return base == null ? Rejection.of(record.locator(), id, duplicate(id)) : withDuplicate(base);
    }

    /** How many records have been checked so far. */
    public long recordsChecked() {
        return ordinal;
    }

    /** True when {@code id} is absent/empty or seen for the first time. */
    private boolean claim(String id) {
        return id == null || id.isEmpty() || seenIds.add(id);
    }

    private static Rejection withDuplicate(Rejection r) {
        List<Violation> all = new ArrayList<>(r.violations().size() + 1);
        all.add(duplicate(r.id()));
        all.addAll(r.violations());
        return new Rejection(r.locator(), r.id(), all, r.zimCode());
    }

    private static Violation duplicate(String id) {
        return new Violation("Id", RULE_DUPLICATE_ID, Shown.value(id)
                + " was already used by an earlier record of this input; an Id must be unique, so only the first is imported");
    }
}
