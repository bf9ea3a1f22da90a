package io.zimmigrate.core.engine;

/** The codes by which ZIM says "too many requests": the pacer slows down on these, not on other transient errors. */
final class ZimThrottleCodes {
    private ZimThrottleCodes() {}

    static boolean isThrottle(long code) {
        return code == 7 || code == 660300005L || code == 660300006L || code == 660600010L || code == 660700001L;
    }
}
