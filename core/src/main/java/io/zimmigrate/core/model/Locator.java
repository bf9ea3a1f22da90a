package io.zimmigrate.core.model;

/**
 * Where a record came from, for error reports: a file (or archive entry) and a line or offset within it.
 * {@code position} is 1-based; {@code unit} says what it counts ("line", "entry", "row", "offset").
 */
public record Locator(String origin, long position, String unit) {

    public static Locator line(String origin, long line) {
        return new Locator(origin, line, "line");
    }

    @Override
    public String toString() {
        return origin + ":" + position;
    }
}
