package io.zimmigrate.core.idmap;

/** ZIM keeps user IDs and group IDs apart, so each kind is mapped (and checked for collisions) on its own. */
public enum IdKind {
    USER,
    GROUP;

    /** The name used in mapping files: {@code user} or {@code group}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
