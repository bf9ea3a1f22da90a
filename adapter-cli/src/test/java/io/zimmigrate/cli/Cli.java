package io.zimmigrate.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** Runs zim-migrate in-process, as the launcher would, with captured output, chosen variables and a fixed clock. */
public final class Cli {
    /** 2024-11-20T00:00:00Z: the examples in docs/ are inside a 30-day window at this instant. */
    public static final Instant EXAMPLE_NOW = Instant.parse("2024-11-20T00:00:00Z");

    private Map<String, String> env = Map.of();
    private Clock clock = Clock.fixed(EXAMPLE_NOW, ZoneOffset.UTC);

    public Cli env(Map<String, String> variables) {
        this.env = variables;
        return this;
    }

    public Cli clock(Instant now) {
        this.clock = Clock.fixed(now, ZoneOffset.UTC);
        return this;
    }

    /** The real clock, for commands that wait (run paces its requests: a fixed clock never lets time pass). */
    public Cli systemClock() {
        this.clock = Clock.systemUTC();
        return this;
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ZimMigrate.run(new CliEnvironment(env, clock), new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    /** What a run printed and returned. */
    public record Result(int exit, String out, String err) {
        /** Everything printed, for "never appears anywhere" checks. */
        public String all() {
            return out + err;
        }

        public String[] errLines() {
            return err.isEmpty() ? new String[0] : err.split("\n");
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
        }
    }
}
