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

    private static boolean warmedUp;

    EmulatorHarness(int qps, Duration answerDelay) {
        warmUpOnce();
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        this.secret = HexFormat.of().formatHex(b);
        this.emulator = ZimEmulator.start(EmulatorConfig.builder().appId(APP_ID).secret(ServerSecret.of(secret))
                .qps(qps).answerDelay(answerDelay).build());
    }

    /**
     * Real ZIM is warm; an emulator that has never answered is not (class loading, JIT), and its first answers
     * would come late and make the client's requests arrive bunched. So before the first measured emulator starts,
     * a throwaway one in this JVM answers a few thousand signed imports.
     */
    private static synchronized void warmUpOnce() {
        if (warmedUp) {
            return;
        }
        warmedUp = true;
        ServerSecret secret = ServerSecret.of("warm-up-secret");
        try (ZimEmulator warm = ZimEmulator.start(EmulatorConfig.builder().appId(APP_ID).secret(secret).qps(0).build())) {
            java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                    .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
            io.zimmigrate.core.signing.RequestSigner signer = new io.zimmigrate.core.signing.RequestSigner(APP_ID,
                    secret, java.time.Clock.systemUTC(), io.zimmigrate.core.signing.NonceSource.secure());
            long now = System.currentTimeMillis();
            for (int i = 0; i < 3_000; i++) {
                String body = "{\"FromUserId\":\"w" + (i % 7) + "\",\"GroupId\":\"warm" + (i % 5)
                        + "\",\"MessageType\":1,\"Priority\":1,\"MessageBody\":{\"Message\":\"warm " + i
                        + "\"},\"SendMessageTime\":" + (now - 60_000 + i) + "}";
                StringBuilder query = new StringBuilder();
                signer.commonParameters("ImportGroupMsg").forEach((k, v) -> query.append(query.length() == 0 ? "?" : "&")
                        .append(k).append('=').append(v));
                http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(warm.baseUri() + "/" + query))
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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

    /**
     * A child process that ran: when it started (epoch ms, just before spawning), its exit code, its log, and the CPU
     * time it had used (all its threads) when it was asked to stop early (-1: it was not, or the OS did not say): on a
     * loaded box a figure less at the mercy of the other processes than the wall-clock time.
     */
    record Child(long startedAtMillis, long endedAtMillis, int exitCode, Path log, long cpuMillisAtStop) {
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
        long cpuMillis = -1;
        while (!p.waitFor(1, TimeUnit.MILLISECONDS)) {
            if (!stoppedEarly && stopWhen.getAsBoolean()) {
                stoppedEarly = true;
                cpuMillis = p.toHandle().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
                p.destroy();
            }
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                p.waitFor();
                throw new IllegalStateException("the child did not finish within " + timeout + ": " + resolved.get(0)
                        + " … (log: " + log + ")");
            }
        }
        return new Child(started, System.currentTimeMillis(), stoppedEarly ? 0 : p.exitValue(), log, cpuMillis);
    }

    @Override
    public void close() {
        emulator.close();
    }
}
