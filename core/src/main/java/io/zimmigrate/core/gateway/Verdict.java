package io.zimmigrate.core.gateway;

/**
 * What an answer (or a failure to get one) means for the request that caused it, before it is turned into an
 * {@link io.zimmigrate.core.port.Outcome} for a particular call. One vocabulary for ZIM return codes
 * ({@link ZimCodes}) and for bare HTTP statuses ({@link BareStatuses}).
 */
public enum Verdict {
    /** ZIM did it. */
    DONE,
    /** ZIM says the thing already exists (user registered, group created): success for idempotent setup calls. */
    ALREADY_DONE,
    /** Not applied, and sending again later may work: busy, throttled, a transient server fault. */
    RETRY_LATER,
    /**
     * The signature expired: the gateway re-signs once by itself; if the fresh one expired too, the clock is off, which
     * is retried later for a while ({@link Patience#clockSkew()}) and then fatal.
     */
    RESIGN,
    /** The signature was refused: the gateway re-signs once by itself; if that is refused too, the setup is wrong. */
    RESIGN_ONCE_THEN_FATAL,
    /** ZIM refused this request for good; it was not applied. */
    REJECTED,
    /** Every further call would fail the same way: credentials, app, plan or endpoint are wrong. */
    FATAL,
    /** Something answered, but not ZIM, and the request may have reached ZIM before that (a 5xx from a proxy). */
    MAYBE_APPLIED
}
