package io.zimmigrate.core.idmap;

import io.zimmigrate.core.port.SourceException;

/** A valid source ID equals an ID that mapping already gave to another source ID; the message says which. */
public final class IdCollisionException extends SourceException {
    public IdCollisionException(String message) {
        super(message);
    }
}
