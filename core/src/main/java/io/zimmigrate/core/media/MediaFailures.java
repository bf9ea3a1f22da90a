package io.zimmigrate.core.media;

import java.util.Optional;

/** What is known, at the time of asking, about originals that could not be fetched. */
@FunctionalInterface
public interface MediaFailures {

    /** Nothing is known to have failed (a first pass, or a copy not started yet). */
    MediaFailures NONE = key -> Optional.empty();

    /** Why the object under the key could not be copied, if it could not. */
    Optional<String> failure(String key);
}
