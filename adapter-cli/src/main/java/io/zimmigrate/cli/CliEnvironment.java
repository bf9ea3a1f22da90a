package io.zimmigrate.cli;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a command may learn from the world besides its arguments: environment variables and the time. Passed in,
 * so tests run commands in-process with a fixed clock and their own variables, and nothing reads
 * {@link System#getenv()} behind the test's back.
 */
public record CliEnvironment(Map<String, String> variables, Clock clock) {
    public CliEnvironment {
        variables = Map.copyOf(variables);
        Objects.requireNonNull(clock, "clock");
    }

    /** The real process environment and wall clock. */
    public static CliEnvironment system() {
        return new CliEnvironment(System.getenv(), Clock.systemUTC());
    }

    public Optional<String> variable(String name) {
        return Optional.ofNullable(variables.get(name));
    }

    @Override
    public String toString() {
        // Variables may hold ZIM_SERVER_SECRET: never print them.
        return "CliEnvironment[" + variables.size() + " variables, " + clock + "]";
    }
}
