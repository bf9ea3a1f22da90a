package io.zimmigrate.bench;

import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.emulator.EmulatorConfig;
import io.zimmigrate.emulator.ZimEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * An emulator in this JVM and a child process (the real {@code zim-migrate}, or a baseline client) pointed at it.
 * The emulator records when each request arrived, which is what the whole-process benchmarks measure. The child
 * gets the ServerSecret in its environment ({@code ZIM_SERVER_SECRET}), never on its command line; a fresh
 * random secret per harness, so nothing is reused. Placeholders in the child's command: {@code {endpoint}},
 * {@code {app-id}}.
 */
final class EmulatorHarness implements AutoCloseable {
    static final long APP_ID = 1_000_001;
    static final String GROUP = "ImportGroupMsg";
    static final String PEER = "ImportPeerMsg";

    private final String secret;
    private final ZimEmulator emulator;

    EmulatorHarness(int qps, Duration answerDelay) {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        this.secret = HexFormat.of().formatHex(b);
        this.emulator = ZimEmulator.start(EmulatorConfig.builder().appId(APP_ID).secret(ServerSecret.of(secret))
                .qps(qps).answerDelay(answerDelay).build());
    }

    ZimEmulator emulator() {
        return emulator;
    }

    String endpoint() {
        return emulator.baseUri().toString();
    }

    Arrivals arrivals(String action) {
        return new Arrivals(action, emulator.arrivalTimesMillis(action), emulator.throttledAnswers(action));
    }

    /** Import requests that reached the server, of both kinds. */
    long imports() {
        return emulator.requestsReceived(GROUP) + emulator.requestsReceived(PEER);
    }

    /** Messages stored over all timelines. */
    long stored() {
        return emulator.timelineKeys().stream().mapToLong(k -> emulator.timeline(k).size()).sum();
    }

    /** A child process that ran: when it started (epoch ms, just before spawning), its exit code, its log. */
    record Child(long startedAtMillis, long endedAtMillis, int exitCode, Path log) {
        String tail() {
            try {
                List<String> lines = Files.readAllLines(log);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
            } catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }
    }

    /** Runs {@code command} to its end (or kills it after {@code timeout}). */
    Child run(List<String> command, Path log, Duration timeout) throws IOException, InterruptedException {
        return run(command, log, timeout, () -> false);
    }

    /**
     * Runs {@code command} until it ends, {@code timeout} passes, or {@code stopWhen} turns true (checked every
     * millisecond or so), in which case the child is asked to stop (SIGTERM) and awaited.
     */
    Child run(List<String> command, Path log, Duration timeout, BooleanSupplier stopWhen)
            throws IOException, InterruptedException {
        List<String> resolved = new ArrayList<>(command.size());
        for (String part : command) {
            resolved.add(part.replace("{endpoint}", endpoint()).replace("{app-id}", Long.toString(APP_ID)));
        }
        ProcessBuilder pb = new ProcessBuilder(resolved).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("ZIM_SERVER_SECRET", secret);
        long started = System.currentTimeMillis();
        Process p = pb.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean stoppedEarly = false;
        while (!p.waitFor(1, TimeUnit.MILLISECONDS)) {
            if (!stoppedEarly && stopWhen.getAsBoolean()) {
                stoppedEarly = true;
                p.destroy();
            }
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                p.waitFor();
                throw new IllegalStateException("the child did not finish within " + timeout + ": " + resolved.get(0)
                        + " … (log: " + log + ")");
            }
        }
        return new Child(started, System.currentTimeMillis(), stoppedEarly ? 0 : p.exitValue(), log);
    }

    @Override
    public void close() {
        emulator.close();
    }
}
