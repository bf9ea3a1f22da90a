package io.zimmigrate.core.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code MessageBody} on the wire. {@code OfflinePush} and {@code HasReceipt} are never sent: imports ignore them. */
public record WireBody(@JsonProperty("Message") String message, @JsonProperty("ExtendedData") String extendedData) {}
