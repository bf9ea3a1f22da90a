package io.zimmigrate.cli.chaos;

import io.zimmigrate.cli.JarJava;
import io.zimmigrate.cli.LandedTimelines;
import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.core.wire.Action;
import io.zimmigrate.emulator.EmulatorConfig;
import io.zimmigrate.emulator.Faults;
import io.zimmigrate.emulator.MediaReadBack;
import io.zimmigrate.emulator.StoredMessage;
import io.zimmigrate.emulator.ZimEmulator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The chaos harness: the real {@code zim-migrate run} (the shaded jar, a child process) imports a history into an
 * emulator in this JVM that deals faults, is killed with SIGKILL at seeded random moments, and is started again
 * with the same journal each time; the last run must finish, and then every timeline must hold exactly its
 * messages, once, in order ({@link TimelineAudit}).
 *
 * <p>Kill moments: before each run the seeded random source picks either a time after spawning (0 to 2.5 s:
 * start-up, planning, reconciling the previous run's lost answers) or a number of requests to let reach the
 * emulator (1 to twice an even share of the calls still missing, so the kills spread over the whole migration
 * and some work is always left for the last run). The seed fixes the history, the fault dice and these choices;
 * thread timing still varies, so two runs with one seed are alike, not identical.
 *
 * <p>The landing horizon is the least {@code run} allows, the request deadline (connect + read timeout: 2 + 2 s):
 * this emulator applies a request as it arrives or never, so a lost import that a read-back does not find never lands
 * later, and a longer horizon would only make each resume and each bare 500 wait longer (the default, 17 s with a
 * 5 s connect timeout, made {@code RunKillResumeIT} twice as slow; 7 s with it, a third slower than 4 s). The emulator
 * is on loopback, so a 2 s connect timeout is long; one that still expires on a stalled box leaves that request
 * unsent, and it is sent again like any other. {@code LateLandingRunIT} covers a server that applies requests late.
 */
public final class KillResumeChaos {
    static final long APP_ID = 424_242;
    private static final long MAX_STARTUP_KILL_MILLIS = 2_500;
    private static final int CONNECT_TIMEOUT_SECONDS = 2;
    private static final int READ_TIMEOUT_SECONDS = 2;

    private KillResumeChaos() {}

    /**
     * @param jar              the shaded {@code zim-migrate.jar}
     * @param kills            how many runs to kill before the one that must finish
     * @param seed             history, fault dice and kill moments
     * @param transport        {@code vertx}, {@code feign}, or {@code alternate} (vertx, feign, vertx, … per run)
     * @param qps              the emulator's cap and the CLI's {@code --qps}
     * @param faults           what the emulator deals
     * @param runTimeout       longest any one run may take before it counts as hung
     * @param startupKillShare share of kills timed from spawning rather than by traffic
     * @param mediaReadBack    the form in which the emulator answers read-backs of media messages
     */
    public record Settings(Path jar, int kills, long seed, String transport, int qps, Faults faults,
                           Duration runTimeout, double startupKillShare, MediaReadBack mediaReadBack) {
        public Settings {
            if (!List.of("vertx", "feign", "alternate").contains(transport)) {
                throw new IllegalArgumentException("transport must be vertx, feign or alternate, not " + transport);
            }
            Objects.requireNonNull(mediaReadBack, "mediaReadBack");
        }

        /** The faults issue 7 asks for: 10% busy, 2% HTTP 500, 5% lost answers. */
        public static Faults issueFaults() {
            return new Faults(0.10, 0.02, 0.05, 0, Duration.ZERO);
        }

        String transportOfRun(int run) {
            return transport.equals("alternate") ? (run % 2 == 0 ? "vertx" : "feign") : transport;
        }
    }

    /**
     * What happened.
     *
     * @param kills              runs killed with SIGKILL while still running
     * @param runs               runs started, the last included
     * @param finalExit          the last run's exit code (-1 when it had to be stopped)
     * @param storedBeforeFinal  messages in the emulator when the last run started
     * @param requests           HTTP requests that reached the emulator, all actions
     * @param faults             faults dealt
     * @param mediaAnswersLost   image, file, audio and video imports the emulator stored but left unanswered: the
     *                           lost answers that only a read-back of a media body can settle
     * @param audit              the comparison of every timeline
     * @param millis             wall time from the first spawn to the last exit
     * @param finalSummary       the last run's summary, as it printed it
     */
    public record Outcome(int kills, int runs, int finalExit, long storedBeforeFinal, long requests, FaultTally faults,
                          long mediaAnswersLost, TimelineAudit.Result audit, long millis, String finalSummary) {
        /** Every timeline exact, the last run finished with exit 0, and {@code wantedKills} kills really happened. */
        public boolean passed(int wantedKills) {
            return audit.exact() && finalExit == 0 && kills >= wantedKills;
        }
    }

    public static Outcome run(Settings settings, ChaosHistory history, Path workDir, PrintStream progress)
            throws IOException, InterruptedException {
        byte[] secretBytes = new byte[16];
        new SecureRandom().nextBytes(secretBytes);
        String secret = HexFormat.of().formatHex(secretBytes);
        SplittableRandom random = new SplittableRandom(settings.seed());
        Path journal = workDir.resolve("journal");
        try (ZimEmulator zim = ZimEmulator.start(EmulatorConfig.builder().appId(APP_ID).secret(ServerSecret.of(secret))
                .qps(settings.qps()).faults(settings.faults()).seed(settings.seed())
                .mediaReadBack(settings.mediaReadBack()).build())) {
            long started = System.currentTimeMillis();
            int kills = 0;
            int run = 0;
            int finalExit = -1;
            long storedBeforeFinal = 0;
            Path finalLog = null;
            while (true) {
                boolean last = kills == settings.kills();
                String transport = settings.transportOfRun(run);
                Path log = workDir.resolve(String.format("run-%02d-%s.log", run, transport));
                long missing = history.calls() - stored(zim);
                KillMoment moment = last ? null : KillMoment.draw(random, settings, missing, settings.kills() - kills);
                if (last) {
                    storedBeforeFinal = stored(zim);
                }
                long requestsAtSpawn = requests(zim);
                Process child = spawn(settings, zim, secret, transport, history.file(), journal, workDir, log);
                long spawned = System.nanoTime();
                long deadline = spawned + settings.runTimeout().toNanos();
                boolean killed = false;
                boolean hung = false;
                while (!child.waitFor(1, TimeUnit.MILLISECONDS)) {
                    if (System.nanoTime() > deadline) {
                        child.destroyForcibly().waitFor();
                        hung = true;
                        progress.printf("run %d (%s) did not end within %s; stopped it (log %s)%n", run, transport,
                                settings.runTimeout(), log);
                        break;
                    }
                    if (moment != null && moment.reached((System.nanoTime() - spawned) / 1_000_000,
                            requests(zim) - requestsAtSpawn)) {
                        child.destroyForcibly(); // SIGKILL: no shutdown hook, no last journal write
                        child.waitFor();
                        killed = true;
                        break;
                    }
                }
                run++;
                if (killed) {
                    kills++;
                    progress.printf("kill %d/%d: run %d (%s) %s; %d of %d calls stored%n", kills, settings.kills(), run,
                            transport, moment.describe(requests(zim) - requestsAtSpawn), stored(zim), history.calls());
                    continue;
                }
                finalExit = hung ? -1 : child.exitValue();
                finalLog = log;
                if (!last) {
                    progress.printf("run %d (%s) ended by itself (exit %d) before its kill; no more kills%n", run,
                            transport, finalExit);
                    storedBeforeFinal = stored(zim);
                }
                break;
            }
            long millis = System.currentTimeMillis() - started;
            TimelineAudit.Result audit = TimelineAudit.compare(history.expected(), landed(zim));
            return new Outcome(kills, run, finalExit, storedBeforeFinal, requests(zim), FaultTally.of(zim),
                    mediaAnswersLost(zim), audit, millis, summary(finalLog));
        }
    }

    private static Process spawn(Settings s, ZimEmulator zim, String secret, String transport, Path input, Path journal,
                                 Path workDir, Path log) throws IOException {
        List<String> command = JarJava.command(s.jar());
        command.addAll(List.of("run", input.toString(), "--endpoint", zim.baseUri().toString(),
                "--app-id", Long.toString(APP_ID), "--transport", transport, "--journal", journal.toString(),
                "--qps", Integer.toString(s.qps()), "--connect-timeout", Integer.toString(CONNECT_TIMEOUT_SECONDS),
                "--read-timeout", Integer.toString(READ_TIMEOUT_SECONDS), "--landing-horizon",
                Integer.toString(CONNECT_TIMEOUT_SECONDS + READ_TIMEOUT_SECONDS), "--progress", "lines",
                "--rejects", workDir.resolve("rejects.jsonl").toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("ZIM_SERVER_SECRET", secret); // never on the command line
        return pb.start();
    }

    static long stored(ZimEmulator zim) {
        return LandedTimelines.count(zim);
    }

    private static long mediaAnswersLost(ZimEmulator zim) {
        return zim.lostImportAnswers().entrySet().stream().filter(e -> e.getKey() >= 11 && e.getKey() <= 14)
                .mapToLong(Map.Entry::getValue).sum();
    }

    private static long requests(ZimEmulator zim) {
        long n = 0;
        for (Action a : Action.values()) {
            n += zim.requestsReceived(a.wireName());
        }
        return n;
    }

    private static Map<String, List<String>> landed(ZimEmulator zim) {
        Map<String, List<String>> landed = new TreeMap<>();
        for (String key : zim.timelineKeys()) {
            landed.put(key, zim.timeline(key).stream().map(StoredMessage::message).map(ChaosHistory::idOf).toList());
        }
        return landed;
    }

    /** The last run's summary (from its "messages read:" line on), or its tail when it printed none. */
    private static String summary(Path log) throws IOException {
        if (log == null || !Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        int from = Math.max(0, lines.size() - 20);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("messages read:")) {
                from = i;
                break;
            }
        }
        return String.join("\n", lines.subList(from, lines.size()));
    }

    /** When to kill one run: after some milliseconds from spawning, or after some requests reached the emulator. */
    private record KillMoment(long afterMillis, long afterRequests) {
        static KillMoment draw(SplittableRandom random, Settings s, long missingCalls, int killsLeft) {
            if (random.nextDouble() < s.startupKillShare()) {
                return new KillMoment(random.nextLong(MAX_STARTUP_KILL_MILLIS), -1);
            }
            long share = Math.max(1, 2 * missingCalls / (killsLeft + 1));
            return new KillMoment(-1, 1 + random.nextLong(share));
        }

        boolean reached(long millis, long requests) {
            return afterMillis >= 0 ? millis >= afterMillis : requests >= afterRequests;
        }

        String describe(long requests) {
            return afterMillis >= 0 ? "killed " + afterMillis + " ms after start (" + requests + " requests in)"
                    : "killed after " + requests + " requests";
        }
    }
}
