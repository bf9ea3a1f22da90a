package io.zimmigrate.files.slack;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Slack {@code ts} such as {@code "1732000000.000123"}: seconds and a fraction (microseconds in practice). It is
 * both the message's time and, within a channel, its ID. ZIM takes milliseconds, so
 * {@link #millis()} drops the sub-millisecond digits ({@code 1732000000000}); {@link #compareTo} keeps them, so
 * messages sorted by it keep Slack's order even when several share one millisecond.
 */
record SlackTimestamp(long seconds, int nanos) implements Comparable<SlackTimestamp> {
    private static final Pattern TS = Pattern.compile("(\\d{1,12})(?:\\.(\\d{1,9}))?");

    static Optional<SlackTimestamp> parse(String ts) {
        if (ts == null) {
            return Optional.empty();
        }
        Matcher m = TS.matcher(ts);
        if (!m.matches()) {
            return Optional.empty();
        }
        String fraction = m.group(2) == null ? "" : m.group(2);
        int nanos = Integer.parseInt((fraction + "000000000").substring(0, 9));
        return Optional.of(new SlackTimestamp(Long.parseLong(m.group(1)), nanos));
    }

    long millis() {
        return seconds * 1000 + nanos / 1_000_000;
    }

    @Override
    public int compareTo(SlackTimestamp o) {
        int c = Long.compare(seconds, o.seconds);
        return c != 0 ? c : Integer.compare(nanos, o.nanos);
    }
}
