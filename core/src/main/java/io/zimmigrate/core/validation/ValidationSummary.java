package io.zimmigrate.core.validation;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a validation pass found, for the CLI's summary and for reports.
 *
 * @param read                  records read (every non-blank line), valid or not
 * @param valid                 records that passed every rule
 * @param rejected              records that broke at least one rule ({@code read = valid + rejected})
 * @param rejectedByRule        per rule id, how many records broke it (a record that breaks two rules counts
 *                              under both; one that breaks a rule twice counts once)
 * @param warningsByRule        per rule id, how many valid records drew that warning (e.g. {@code time.now})
 * @param groupConversations    distinct groups among the valid records
 * @param oneToOneConversations distinct pairs of users among the valid one-to-one records
 * @param importCalls           requests needed to import the valid records: one per group message, one per
 *                              participant's view of a one-to-one message (two, less those in {@code HiddenFor})
 */
public record ValidationSummary(
        long read,
        long valid,
        long rejected,
        Map<String, Long> rejectedByRule,
        Map<String, Long> warningsByRule,
        long groupConversations,
        long oneToOneConversations,
        long importCalls) {

    public ValidationSummary {
        rejectedByRule = Collections.unmodifiableSortedMap(new TreeMap<>(rejectedByRule));
        warningsByRule = Collections.unmodifiableSortedMap(new TreeMap<>(warningsByRule));
    }

    /** True when nothing was rejected (warnings do not count). */
    public boolean clean() {
        return rejected == 0;
    }
}
