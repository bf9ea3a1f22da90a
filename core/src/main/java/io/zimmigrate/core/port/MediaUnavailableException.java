package io.zimmigrate.core.port;

import java.io.IOException;

/**
 * An original that retrying will not bring back (HTTP 404 or 403, a missing file, a host the credentials must
 * not go to). The message says why in one line, for the rejection, and never holds a token.
 */
public final class MediaUnavailableException extends IOException {
    private static final long serialVersionUID = 1L;

    public MediaUnavailableException(String reason) {
        super(reason);
    }
}
