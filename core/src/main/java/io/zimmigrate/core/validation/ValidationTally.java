package io.zimmigrate.core.validation;

import io.zimmigrate.core.model.Conversation;
import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.table.FingerprintSet;
import io.zimmigrate.core.rules.Rejection;
import io.zimmigrate.core.rules.Validation;
import io.zimmigrate.core.rules.Violation;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts validation results into a {@link ValidationSummary} as they stream past, in memory that does not grow
 * with the number of messages except for one fingerprint per distinct conversation. Not thread-safe.
 */
public final class ValidationTally {
    private long read;
    private long valid;
    private long rejected;
    private long importCalls;
    private final Map<String, Long> rejectedByRule = new TreeMap<>();
    private final Map<String, Long> warningsByRule = new TreeMap<>();
    private final FingerprintSet groups = new FingerprintSet();
    private final FingerprintSet pairs = new FingerprintSet();

    /** Counts one record's result. */
    public void add(Validation result) {
        if (result instanceof Validation.Rejected r) {
            rejected(r.rejection());
        } else {
            Validation.Accepted a = (Validation.Accepted) result;
            Message m = a.message();
            accepted(m.sender(), m.conversation(), m.hiddenFor().size(), a.warnings());
        }
    }

    /** Counts a rejected record. */
    public void rejected(Rejection rejection) {
        read++;
        rejected++;
        countRules(rejection.violations(), rejectedByRule);
    }

    /** Counts an accepted record from what {@link MessageRules#check} made of it (no {@link Message} needed). */
    public void accepted(MessageRules.Parts parts) {
        accepted(parts.sender(), parts.conversation(), parts.hiddenFor().size(), parts.warnings());
    }

    private void accepted(UserId sender, Conversation conversation, int hidden, List<Violation> warnings) {
        read++;
        valid++;
        if (!warnings.isEmpty()) {
            countRules(warnings, warningsByRule);
        }
        countConversation(sender, conversation);
        // Counting without building the timelines: a group has one, a pair two, less the views it is hidden from
        // (an accepted record hides itself from one participant at most).
        importCalls += conversation instanceof Conversation.Group ? 1 : 2 - hidden;
    }

    /** SplitMix64's finaliser: spreads a fingerprint's bits before two are combined. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    public ValidationSummary summary() {
        return new ValidationSummary(read, valid, rejected, rejectedByRule, warningsByRule, groups.size(), pairs.size(),
                importCalls);
    }

    /** Counts each rule once per record, however many of its fields broke it. */
    private static void countRules(List<Violation> violations, Map<String, Long> into) {
        Set<String> once = new HashSet<>();
        for (Violation v : violations) {
            if (once.add(v.rule())) {
                into.merge(v.rule(), 1L, Long::sum);
            }
        }
    }

    private void countConversation(UserId sender, Conversation conversation) {
        if (conversation instanceof Conversation.Group g) {
            groups.add(g.groupId().value());
        } else if (conversation instanceof Conversation.OneToOne o) {
            // A pair is the same conversation whoever sends: combine the two IDs' fingerprints in either order
            // (a symmetric mix, so no key string is built per message).
            long a = pairs.fingerprintOf(sender.value());
            long b = pairs.fingerprintOf(o.recipient().value());
            pairs.add(mix(Math.min(a, b)) ^ Long.rotateLeft(mix(Math.max(a, b)), 1));
        }
    }
}
