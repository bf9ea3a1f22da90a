package io.zimmigrate.cli.chaos;

import io.zimmigrate.emulator.Faults;
import io.zimmigrate.emulator.MediaReadBack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The long chaos run from the command line ({@code bench/chaos.sh} starts it with the jar and the test classes on
 * the class path). Prints progress on stderr and one result line on stdout:
 * {@code chaos: lost=0 duplicated=0 reordered=0 unexpected=0 | kills=25 …}. Exit 0 when every timeline is exact,
 * the last run finished with exit 0 and all kills happened; 1 otherwise; 2 for a bad flag.
 *
 * <pre>Chaos --jar adapter-cli/target/zim-migrate.jar [--work DIR] [--messages 2000] [--groups 30] [--pairs 25]
 *       [--kills 25] [--seed 7] [--transport vertx|feign|alternate] [--qps 100] [--busy 0.10] [--http500 0.02]
 *       [--lost 0.05] [--startup-kills 0.2] [--run-timeout-s 600] [--media-read-back documented|as-sent]
 *       [--media-share 0.3] [--media-files 6]</pre>
 * <p>{@code --media-share}: share of image and file messages (0: text only); {@code --media-files}: how many
 * different files they share (0: a new file each); {@code --media-read-back}: the form in which the emulator returns
 * their bodies to read-backs (ZIM's documented form, or the body as sent).
 */
public final class Chaos {
    private static final Set<String> FLAGS = Set.of("--jar", "--work", "--messages", "--groups", "--pairs", "--kills",
            "--seed", "--transport", "--qps", "--busy", "--http500", "--lost", "--startup-kills", "--run-timeout-s",
            "--media-read-back", "--media-share", "--media-files");

    private Chaos() {}

    public static void main(String[] argv) throws Exception {
        try {
            run(argv);
        } catch (IllegalArgumentException e) { // a number that is not one, an unknown form: one line, no trace
            System.err.println("bad flag value: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void run(String[] argv) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i < argv.length; i += 2) {
            if (!FLAGS.contains(argv[i]) || i + 1 >= argv.length) {
                System.err.println("unknown flag or missing value: " + argv[i] + "; flags: " + FLAGS);
                System.exit(2);
            }
            a.put(argv[i], argv[i + 1]);
        }
        if (!a.containsKey("--jar")) {
            System.err.println("--jar PATH (the shaded zim-migrate.jar) is required");
            System.exit(2);
        }
        int messages = Integer.parseInt(a.getOrDefault("--messages", "2000"));
        long seed = Long.parseLong(a.getOrDefault("--seed", "7"));
        Path work = a.containsKey("--work") ? Files.createDirectories(Path.of(a.get("--work")))
                : Files.createTempDirectory("zim-chaos-");
        KillResumeChaos.Settings settings = new KillResumeChaos.Settings(Path.of(a.get("--jar")),
                Integer.parseInt(a.getOrDefault("--kills", "25")), seed, a.getOrDefault("--transport", "vertx"),
                Integer.parseInt(a.getOrDefault("--qps", "100")),
                new Faults(Double.parseDouble(a.getOrDefault("--busy", "0.10")),
                        Double.parseDouble(a.getOrDefault("--http500", "0.02")),
                        Double.parseDouble(a.getOrDefault("--lost", "0.05")), 0, Duration.ZERO),
                Duration.ofSeconds(Long.parseLong(a.getOrDefault("--run-timeout-s", "600"))),
                Double.parseDouble(a.getOrDefault("--startup-kills", "0.2")),
                MediaReadBack.ofOptionName(a.getOrDefault("--media-read-back", "documented")));
        ChaosHistory.Mix mix = new ChaosHistory.Mix(Double.parseDouble(a.getOrDefault("--media-share", "0.3")),
                Integer.parseInt(a.getOrDefault("--media-files", "6")));

        ChaosHistory history = ChaosHistory.write(work.resolve("history.jsonl"), messages,
                Integer.parseInt(a.getOrDefault("--groups", "30")), Integer.parseInt(a.getOrDefault("--pairs", "25")),
                seed, System.currentTimeMillis() - 86_400_000L, mix);
        System.err.printf("chaos: %d messages (%d images and files), %d import calls over %d timelines; %d kills, "
                + "seed %d, transport %s, qps %d, faults %s, media read back %s; work dir %s%n", messages,
                history.mediaMessages(), history.calls(), history.expected().size(), settings.kills(), seed,
                settings.transport(), settings.qps(), settings.faults(), settings.mediaReadBack(), work);

        KillResumeChaos.Outcome o = KillResumeChaos.run(settings, history, work, System.err);
        System.err.println("last run's summary:\n" + o.finalSummary());
        o.audit().examples().forEach(e -> System.err.println("  " + e));
        System.out.println(line(o, history, settings));
        System.exit(o.passed(settings.kills()) ? 0 : 1);
    }

    static String line(KillResumeChaos.Outcome o, ChaosHistory history, KillResumeChaos.Settings s) {
        return String.format("chaos: %s | kills=%d runs=%d last-exit=%d | calls=%d timelines=%d media=%d "
                + "requests=%d faults: %s media-lost-answers=%d | %.1f s | seed=%d transport=%s qps=%d read-back=%s",
                o.audit().counts(), o.kills(), o.runs(), o.finalExit(), history.calls(), history.expected().size(),
                history.mediaMessages(), o.requests(), o.faults(), o.mediaAnswersLost(), o.millis() / 1000.0, s.seed(),
                s.transport(), s.qps(), s.mediaReadBack());
    }
}
