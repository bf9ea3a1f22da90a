package io.zimmigrate.cli.output;

/** How the commands' progress lines say a duration. */
public final class Durations {
    private Durations() {}

    /** "1h 02m 03s", "4m 05s", "7s": whole seconds, rounded up. */
    public static String of(long millis) {
        long s = (millis + 999) / 1000;
        return s >= 3600 ? String.format("%dh %02dm %02ds", s / 3600, s / 60 % 60, s % 60)
                : s >= 60 ? String.format("%dm %02ds", s / 60, s % 60) : s + "s";
    }
}
