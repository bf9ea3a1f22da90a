package io.zimmigrate.core.port;

import io.zimmigrate.core.model.UserId;
import java.util.Objects;

/**
 * A user ZIM would not register, or would not add to a group it created: which user, ZIM's sub-code, and ZIM's
 * words for it ({@code ""} when it gave none).
 */
public record UserRefused(UserId user, long code, String reason) {
    public UserRefused {
        Objects.requireNonNull(user, "user");
        reason = reason == null ? "" : reason;
    }
}
