package io.zimmigrate.core.gateway;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a gateway bears a trouble that no single request can tell apart from a blip, before it calls the trouble
 * {@link io.zimmigrate.core.port.Outcome.Fatal fatal} so the run stops (resumably) instead of retrying for ever.
 *
 * <ul>
 *   <li>{@code outage}: nothing but transport failures (connection refused, no answer in time, connection dropped,
 *       a bare 5xx from something in front of ZIM) for this long, with no ZIM answer at all in between. Until then
 *       each failure is the usual {@code RetryLater} (not sent) or {@code Unknown} (maybe sent), so a short outage
 *       or a ZIM restart is ridden out.</li>
 *   <li>{@code clockSkew}: ZIM refused every freshly signed request as "signature expired" for this long. A fresh
 *       signature carries this machine's time, so that answer means the clocks differ by more than ZIM's 10 minutes;
 *       until the limit each refusal is {@code RetryLater}, so a clock that is stepped back into line (NTP after a
 *       VM resumed) costs a pause, not the run.</li>
 * </ul>
 *
 * @param outage    how long ZIM may stay unreachable or silent; default {@link #DEFAULT_OUTAGE}
 * @param clockSkew how long ZIM may keep refusing fresh signatures as expired; default {@link #DEFAULT_CLOCK_SKEW}
 */
public record Patience(Duration outage, Duration clockSkew) {
    /** Ten minutes: longer than a routine restart or network blip, short enough that a dead link is noticed. */
    public static final Duration DEFAULT_OUTAGE = Duration.ofMinutes(10);
    /** One minute: a wrong clock does not heal by waiting; this only bridges a clock being corrected right now. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(1);

    public Patience {
        positive(outage, "outage");
        positive(clockSkew, "clockSkew");
    }

    public static Patience defaults() {
        return new Patience(DEFAULT_OUTAGE, DEFAULT_CLOCK_SKEW);
    }

    public Patience withOutage(Duration v) {
        return new Patience(v, clockSkew);
    }

    public Patience withClockSkew(Duration v) {
        return new Patience(outage, v);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + d);
        }
    }
}
