package io.zimmigrate.cli.run;

import io.zimmigrate.cli.ExitCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM during {@code run}: the first asks the migration to stop (nothing new is sent,
 * answers in flight are journaled), and the command then ends as it always does: the summary printed whole, the
 * rejects file closed, exit {@value ExitCodes#STOPPED}. A shutdown hook cannot do that: once the JVM shuts down,
 * the exit code is 128 + the signal and the main thread is cut short while it prints. A second signal ends the
 * process at once (exit {@value ExitCodes#STOPPED}); the journal is durable after every append, so nothing is lost.
 *
 * <p>Uses {@code sun.misc.Signal} (module jdk.unsupported, present in every JDK 17+): the only way for Java code to
 * handle a signal without starting the JVM's shutdown. Where it is missing, the JVM's default handling stays.
 */
final class StopSignals implements AutoCloseable {
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private volatile Consumer<String> stop;
    private volatile String received;

    private StopSignals() {}

    static StopSignals install() {
        StopSignals s = new StopSignals();
        for (String name : List.of("INT", "TERM")) {
            try {
                Signal signal = new Signal(name);
                s.previous.add(Signal.handle(signal, s::handle));
                s.signals.add(signal);
            } catch (IllegalArgumentException | LinkageError unavailable) {
                // this platform does not let us handle it: the JVM's default handling stays
            }
        }
        return s;
    }

    private void handle(Signal signal) {
        String reason = "interrupted (SIG" + signal.getName() + ")";
        if (received != null) {
            Runtime.getRuntime().halt(ExitCodes.STOPPED); // a second signal: the user wants out now
        }
        received = reason;
        Consumer<String> target = stop;
        if (target != null) {
            target.accept(reason);
        }
    }

    /** From now on a signal stops {@code target}; one that came before it stops it at once. */
    void stops(Consumer<String> target) {
        stop = target;
        String already = received;
        if (already != null) {
            target.accept(already);
        }
    }

    /** The signal's reason if one arrived. */
    String received() {
        return received;
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            try {
                Signal.handle(signals.get(i), previous.get(i));
            } catch (IllegalArgumentException ignored) {
                // leave it as it is
            }
        }
    }
}
