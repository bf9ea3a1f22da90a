package io.zimmigrate.bench;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Minimal {@code --name value} / {@code --flag} parsing for the bench mains (no CLI library on purpose: tiny). */
final class Args {
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();
    private final Set<String> used = new HashSet<>();

    /** The options before {@code --}; {@link #command()} is what follows it (a child process to run). */
    private final List<String> command;

    Args(String[] argv, Set<String> flagNames) {
        int dashes = java.util.Arrays.asList(argv).indexOf("--");
        String[] args = dashes < 0 ? argv : java.util.Arrays.copyOfRange(argv, 0, dashes);
        this.command = dashes < 0 ? List.of() : List.of(java.util.Arrays.copyOfRange(argv, dashes + 1, argv.length));
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + a);
            }
            if (flagNames.contains(a)) {
                flags.add(a);
            } else if (i + 1 < args.length) {
                values.put(a, args[++i]);
            } else {
                throw new IllegalArgumentException(a + " needs a value");
            }
        }
    }

    String text(String name, String fallback) {
        used.add(name);
        return values.getOrDefault(name, fallback);
    }

    String required(String name) {
        String v = text(name, null);
        if (v == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return v;
    }

    long number(String name, long fallback) {
        String v = text(name, null);
        return v == null ? fallback : Long.parseLong(v.replace("_", ""));
    }

    int integer(String name, int fallback) {
        return Math.toIntExact(number(name, fallback));
    }

    double decimal(String name, double fallback) {
        String v = text(name, null);
        return v == null ? fallback : Double.parseDouble(v);
    }

    List<String> command() {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("give the command to measure after --");
        }
        return command;
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    /** Fails on any option no one asked for, so a typo cannot silently fall back to a default. */
    void done() {
        List<String> unknown = values.keySet().stream().filter(k -> !used.contains(k)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s): " + unknown);
        }
    }
}
