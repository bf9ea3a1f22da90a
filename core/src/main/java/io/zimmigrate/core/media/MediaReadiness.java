package io.zimmigrate.core.media;

import java.util.List;

/**
 * Whether a message may be sent: every object it needs is stored and recorded ({@link #ready()}), or some
 * could not be copied and the message must be rejected (or keep its original URLs).
 */
public record MediaReadiness(List<CopyOutcome.Stored> stored, List<CopyOutcome.Unavailable> unavailable) {
    public MediaReadiness {
        stored = List.copyOf(stored);
        unavailable = List.copyOf(unavailable);
    }

    public boolean ready() {
        return unavailable.isEmpty();
    }
}
