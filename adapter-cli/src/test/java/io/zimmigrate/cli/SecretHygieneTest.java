package io.zimmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zimmigrate.cli.connect.Connection;
import io.zimmigrate.cli.connect.ConnectionOptions;
import io.zimmigrate.core.engine.Migration;
import io.zimmigrate.core.engine.MigrationReport;
import io.zimmigrate.core.gateway.ZimEndpoint;
import io.zimmigrate.core.gateway.ZimGatewayBuilder;
import io.zimmigrate.core.journal.InMemoryJournal;
import io.zimmigrate.core.plan.InMemoryScratchSpace;
import io.zimmigrate.core.port.SourceFormats;
import io.zimmigrate.core.port.ZimGateway;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.core.signing.NonceSource;
import io.zimmigrate.core.signing.RequestSigner;
import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.emulator.EmulatorConfig;
import io.zimmigrate.emulator.Faults;
import io.zimmigrate.emulator.ZimEmulator;
import io.zimmigrate.feign.FeignTransport;
import io.zimmigrate.files.journal.FileJournal;
import io.zimmigrate.vertx.VertxTransport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/**
 * Issue 7's secret hygiene, in-process: every command, in success and failure (bad input, bad usage, unknown
 * endpoints, a server answering with fatal codes, {@code --debug}), with a recognisable ServerSecret given each
 * supported way, and the secret must appear nowhere: stdout, stderr (the command's and the JVM's, where SLF4J
 * writes), journal, rejects and id-map files, and the {@code toString()} of every object of ours reachable from
 * the pieces a run is built of. {@link SecretHygieneIT} does the same through the real jar with every logger at
 * TRACE.
 */
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hung run fails, not the whole fork
class SecretHygieneTest {
    /** 32 hex characters, as ZEGO issues them, and easy to spot: "disclosed secret coffee odd ball food". */
    static final String ENV_SECRET = "d15c105ed5ec2e7c0ffee0ddba11f00d";
    static final String FILE_SECRET = "f11eb0a2d5ec2e7f11eb0a2d5ec2e7aa";
    static final long APP_ID = 7_654_321;

    static final SecretScan SCAN = new SecretScan(ENV_SECRET, FILE_SECRET);

    @TempDir
    Path dir;

    /** Where the secret file lives: apart from {@link #dir}, whose every file must be free of the secret. */
    @TempDir
    Path secretDir;

    /** How the secret reaches the command. */
    enum Way {
        ENVIRONMENT, FILE, BOTH;

        /** The secret the command will sign with (the file wins when both are given). */
        String secret() {
            return this == ENVIRONMENT ? ENV_SECRET : FILE_SECRET;
        }
    }

    private Map<String, String> env(Way way) {
        return way == Way.FILE ? Map.of() : Map.of("ZIM_SERVER_SECRET", ENV_SECRET);
    }

    private List<String> secretArgs(Way way) throws IOException {
        if (way == Way.ENVIRONMENT) {
            return List.of();
        }
        Path file = secretDir.resolve("zim.secret");
        Files.writeString(file, FILE_SECRET + "\n");
        return List.of("--secret-file", file.toString());
    }

    /** Runs the command in-process, also catching what the JVM's own stdout and stderr got meanwhile (SLF4J). */
    private Cli.Result run(Way way, List<String> args) throws IOException {
        List<String> all = new ArrayList<>(args);
        if (!args.isEmpty() && List.of("run", "verify", "emulate", "sign").contains(args.get(0))) {
            all.addAll(secretArgs(way));
        }
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream jvm = new ByteArrayOutputStream();
        Cli.Result r;
        try (PrintStream capture = new PrintStream(jvm, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            System.setErr(capture);
            // A ticking clock: the engine paces by it (rehearsals of old examples use --now).
            StringWriter o = new StringWriter();
            StringWriter e = new StringWriter();
            int code = ZimMigrate.run(new CliEnvironment(env(way), Clock.systemUTC()), new PrintWriter(o),
                    new PrintWriter(e), all.toArray(String[]::new));
            r = new Cli.Result(code, o.toString(), e.toString());
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String where = String.join(" ", all);
        SCAN.assertAbsent(where + " (the command's output)", r.all());
        SCAN.assertAbsent(where + " (the JVM's stdout/stderr)", jvm.toString(StandardCharsets.UTF_8));
        SCAN.assertAbsentInFiles(dir);
        return r;
    }

    private Cli.Result run(Way way, String... args) throws IOException {
        return run(way, List.of(args));
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void helpVersionAndBadUsage(Way way) throws IOException {
        List<String[]> cases = new ArrayList<>(List.of(
                new String[] {"--help"}, new String[] {"--version"}, new String[] {}, new String[] {"help", "run"},
                new String[] {"nonsense"}, new String[] {"--secret=" + ENV_SECRET, "run"},
                new String[] {"run", "--secret", FILE_SECRET}, new String[] {"run", way.secret()},
                new String[] {"sign", "--app-id", "1", "--nonce", "nothex", "--timestamp", "1", "--debug"},
                new String[] {"run", "history.jsonl", "--qps", "-1"}, new String[] {"verify"},
                new String[] {"emulate", "--busy-rate", "2", "--debug"}));
        for (String command : List.of("validate", "plan", "run", "verify", "emulate", "sign")) {
            cases.add(new String[] {command, "--help"});
            cases.add(new String[] {command, "--no-such-flag=" + ENV_SECRET});
        }
        for (String[] args : cases) {
            Cli.Result r = run(way, List.of(args));
            assertThat(r.exit()).as("%s -> %s", Arrays.toString(args), r).isIn(0, ExitCodes.USAGE);
        }
    }

    /**
     * A secret pasted into the wrong place on the command line is already in the shell's history, but the tool
     * knows the secret it was given, and must not copy it on into logs through an error message (the leak this
     * test found: picocli's "Invalid value for option '--app-id': '…'" and "cannot tell the format of …" quoted
     * it; {@code ErrorHandler} now hides the known secrets).
     */
    @ParameterizedTest
    @EnumSource(Way.class)
    void aSecretPastedIntoAnotherOptionIsNotEchoed(Way way) throws IOException {
        String pasted = way.secret();
        String x = "../docs/examples/history.jsonl";
        List<String[]> cases = List.of(
                new String[] {"sign", "--app-id", pasted, "--nonce", "4fd24687296dd9f3", "--timestamp", "1"},
                new String[] {"sign", "--app-id", "1", "--nonce", pasted, "--timestamp", "1"},
                new String[] {"run", x, "--qps", pasted},
                new String[] {"run", x, "--endpoint", pasted, "--app-id", "1"},
                new String[] {"run", x, "--region", pasted, "--app-id", "1"},
                new String[] {"run", x, "--transport", pasted},
                new String[] {"verify", x, "--app-id", pasted, "--endpoint", "http://127.0.0.1:1"});
        if (way != Way.FILE) { // commands without --secret-file know only the environment's secret
            cases = new ArrayList<>(cases);
            cases.add(new String[] {"validate", x, "--now", ENV_SECRET});
            cases.add(new String[] {"validate", x, "--format", ENV_SECRET});
            cases.add(new String[] {"plan", ENV_SECRET});
        }
        for (String[] args : cases) {
            Cli.Result r = run(way, List.of(args));
            assertThat(r.exit()).as("%s -> %s", Arrays.toString(args), r).isEqualTo(ExitCodes.USAGE);
        }
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void offlineCommandsOnGoodAndBadInput(Way way) throws IOException {
        String good = "../docs/examples/history.jsonl";
        String bad = "../docs/examples/history-with-errors.jsonl";
        String rejects = dir.resolve("validate-rejects.jsonl").toString();
        String idMap = dir.resolve("id-map.csv").toString();
        assertThat(run(way, "validate", good, "--now", "2024-11-20T00:00:00Z", "--debug").exit()).isZero();
        assertThat(run(way, "validate", bad, "--rejects", rejects, "--id-map", idMap, "--output", "json").exit())
                .isEqualTo(ExitCodes.REJECTED);
        assertThat(run(way, "validate", "../docs/examples/slack-export", "--id-map", idMap, "--debug").exit()).isIn(0, 1);
        assertThat(run(way, "validate", dir.resolve("missing.jsonl").toString(), "--debug").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run(way, "plan", good, "--now", "2024-11-20T00:00:00Z").exit()).isZero();
        assertThat(run(way, "plan", bad, "--debug").exit()).isIn(0, 1);
        assertThat(run(way, "sign", "--app-id", "12345", "--nonce", "4fd24687296dd9f3", "--timestamp", "1615186943")
                .exit()).isZero();
        Path missing = dir.resolve("no-such-secret");
        assertThat(run(way, "sign", "--app-id", "1", "--nonce", "4fd24687296dd9f3", "--timestamp", "1",
                "--secret-file", missing.toString()).exit()).isEqualTo(ExitCodes.USAGE);
    }

    /** A rehearsal signs with the given secret against an in-process emulator that holds it; resumed once. */
    @ParameterizedTest
    @EnumSource(Way.class)
    void rehearsalRunAndVerify(Way way) throws IOException {
        List<String> args = List.of("run", "../docs/examples/history-with-errors.jsonl", "--now", "2024-11-20T00:00:00Z",
                "--journal", dir.resolve("journal").toString(), "--rejects", dir.resolve("rejects.jsonl").toString(),
                "--id-map", dir.resolve("ids.csv").toString(), "--provision", "--debug", "--progress", "lines");
        assertThat(run(way, args).exit()).isEqualTo(ExitCodes.REJECTED);
        assertThat(run(way, args).exit()).as("resumed").isEqualTo(ExitCodes.REJECTED);
        assertThat(run(way, "verify", "../docs/examples/history.jsonl", "--now", "2024-11-20T00:00:00Z", "--debug").exit())
                .as("verify refuses to check an empty rehearsal emulator (issue 18)").isEqualTo(ExitCodes.USAGE);
    }

    /**
     * Against a running emulator, with both transports: one that holds the secret (imports, ZIM-side rejections,
     * verify), one that holds another secret (signature refused: fatal), one for another AppId (fatal), and
     * endpoints that cannot be used.
     */
    @ParameterizedTest
    @EnumSource(Way.class)
    void runAndVerifyAgainstAServerThatAcceptsOrRefuses(Way way) throws IOException {
        Path history = freshHistory(dir, System.currentTimeMillis());
        for (String transport : List.of("vertx", "feign")) {
            try (ZimEmulator right = emulator(APP_ID, way.secret(), true);
                 ZimEmulator wrongSecret = emulator(APP_ID, "0123456789abcdef0123456789abcdef", false);
                 ZimEmulator wrongApp = emulator(APP_ID + 1, way.secret(), false)) {
                right.provisionUsers(List.of("u1", "u2"));
                right.provisionGroup("g1", List.of("u1", "u2"));
                Path journal = dir.resolve("journal-" + transport);
                List<String> common = List.of("--app-id", Long.toString(APP_ID), "--transport", transport, "--debug",
                        "--read-timeout", "2");
                Cli.Result imported = run(way, concat(List.of("run", history.toString(), "--endpoint",
                        right.baseUri().toString(), "--journal", journal.toString(), "--rejects",
                        dir.resolve("rejects-" + transport + ".jsonl").toString(), "--progress", "lines"), common));
                assertThat(imported.exit()).as("%s", imported).isEqualTo(ExitCodes.REJECTED); // bad lines, group g9
                assertThat(run(way, concat(List.of("verify", history.toString(), "--endpoint",
                        right.baseUri().toString()), common)).exit()).isIn(0, 1);
                for (ZimEmulator refusing : List.of(wrongSecret, wrongApp)) {
                    Cli.Result fatal = run(way, concat(List.of("run", history.toString(), "--endpoint",
                            refusing.baseUri().toString(), "--journal", dir.resolve("j-" + refusing.port()).toString()),
                            common));
                    assertThat(fatal.exit()).as("%s", fatal).isEqualTo(ExitCodes.STOPPED);
                    assertThat(run(way, concat(List.of("verify", history.toString(), "--endpoint",
                            refusing.baseUri().toString()), common)).exit()).isNotZero();
                }
                for (List<String> where : List.of(List.of("--endpoint", "http://example.com"),
                        List.of("--endpoint", "ftp://127.0.0.1:1"), List.of("--region", "mars"),
                        List.of("--endpoint", "not a url"))) {
                    assertThat(run(way, concat(concat(List.of("run", history.toString()), where), common)).exit())
                            .isEqualTo(ExitCodes.USAGE);
                }
            }
        }
    }

    /** The objects a run is built of, and what a refused run reports, never show the secret in toString(). */
    @Test
    void toStringOfEverythingAMigrationIsMadeOf() throws Exception {
        ServerSecret secret = ServerSecret.of(ENV_SECRET);
        Path history = freshHistory(dir, System.currentTimeMillis());
        Map<String, String> variables = new HashMap<>(Map.of("ZIM_SERVER_SECRET", ENV_SECRET));
        CliEnvironment environment = new CliEnvironment(variables, Clock.systemUTC());
        List<Object> roots = new ArrayList<>(List.of(secret, environment,
                new RequestSigner(APP_ID, secret, Clock.systemUTC(), NonceSource.secure())));
        try (ZimEmulator refusing = emulator(APP_ID, FILE_SECRET, false);
             ZimGateway vertx = ZimGatewayBuilder.over(VertxTransport.factory())
                     .endpoint(ZimEndpoint.parse(refusing.baseUri().toString()))
                     .appId(APP_ID).secret(secret).build();
             ZimGateway feign = ZimGatewayBuilder.over(FeignTransport.builder())
                     .endpoint(ZimEndpoint.parse(refusing.baseUri().toString()))
                     .appId(APP_ID).secret(secret).build();
             FileJournal journal = FileJournal.open(dir.resolve("journal"))) {
            roots.addAll(List.of(refusing, refusing.config(), vertx, feign, journal));
            for (ZimGateway gateway : List.of(vertx, feign)) {
                Migration migration = Migration.builder()
                        .source(SourceFormats.installed().byName("jsonl").orElseThrow().open(history.toString(), Map.of()))
                        .gateway(gateway).journal(new InMemoryJournal()).scratch(new InMemoryScratchSpace())
                        .clock(Clock.systemUTC()).rules(RuleSet.defaults()).qps(20).build();
                roots.add(migration);
                MigrationReport report = migration.run();
                assertThat(report.stoppedEarly()).as("the signature was refused: %s", report.stopReason()).isTrue();
                roots.add(report);
                SCAN.assertAbsent("the stop reason", report.stopReason());
            }
            for (String[] args : List.of(
                    new String[] {"run", history.toString(), "--secret-file", "zim.secret", "--endpoint",
                            refusing.baseUri().toString(), "--app-id", "1"},
                    new String[] {"verify", history.toString()}, new String[] {"emulate", "--busy-rate", "0.1"},
                    new String[] {"sign", "--app-id", "1", "--nonce", "4fd24687296dd9f3", "--timestamp", "1"})) {
                CommandLine cmd = ZimMigrate.commandLine(environment, new java.io.PrintWriter(System.out),
                        new java.io.PrintWriter(System.err));
                CommandLine.ParseResult parsed = cmd.parseArgs(args);
                Object command = parsed.subcommand().commandSpec().userObject();
                roots.add(command);
                roots.add(cmd.getCommand());
                if (args[0].equals("verify")) {
                    try (Connection rehearsal = Connection.open(connectionOf(command), environment, Clock.systemUTC(), 20,
                            30, false)) {
                        roots.add(rehearsal);
                        int checked = SCAN.assertAbsentInToStrings(rehearsal);
                        assertThat(checked).as("the walk reached the gateway and the emulator").isGreaterThan(5);
                    }
                }
            }
            int checked = 0;
            for (Object root : roots) {
                checked += SCAN.assertAbsentInToStrings(root);
            }
            assertThat(checked).isGreaterThan(roots.size());
        }
    }

    private static ConnectionOptions connectionOf(Object command) throws ReflectiveOperationException {
        Field f = command.getClass().getDeclaredField("connection");
        f.setAccessible(true);
        return (ConnectionOptions) f.get(command);
    }

    private static ZimEmulator emulator(long appId, String secret, boolean requireProvisioned) {
        return ZimEmulator.start(EmulatorConfig.builder().appId(appId).secret(ServerSecret.of(secret)).qps(0)
                .requireProvisioned(requireProvisioned).faults(Faults.none()).build());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * Six messages sent an hour before {@code nowMillis}: two valid group messages, one valid one-to-one, one into a
     * group the server does not know (refused by ZIM when it requires provisioning), and two broken lines.
     */
    static Path freshHistory(Path dir, long nowMillis) throws IOException {
        long t = nowMillis - 3_600_000L;
        Path file = dir.resolve("fresh-history.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"Id\":\"a\",\"GroupId\":\"g1\",\"FromUserId\":\"u1\",\"MessageType\":1,\"MessageBody\":{\"Message\":\"one\"},\"SendMessageTime\":" + t + "}",
                "{\"Id\":\"b\",\"GroupId\":\"g1\",\"FromUserId\":\"u2\",\"MessageType\":1,\"MessageBody\":{\"Message\":\"two\"},\"SendMessageTime\":" + (t + 1) + "}",
                "{\"Id\":\"c\",\"ToUserId\":\"u2\",\"FromUserId\":\"u1\",\"MessageType\":1,\"MessageBody\":{\"Message\":\"three\"},\"SendMessageTime\":" + (t + 2) + "}",
                "{\"Id\":\"d\",\"GroupId\":\"g9\",\"FromUserId\":\"u1\",\"MessageType\":1,\"MessageBody\":{\"Message\":\"four\"},\"SendMessageTime\":" + (t + 3) + "}",
                "{\"Id\":\"e\",\"GroupId\":\"g1\",\"FromUserId\":\"u1/x\",\"MessageType\":1,\"MessageBody\":{\"Message\":\"bad id\"},\"SendMessageTime\":" + t + "}",
                "{\"Id\":\"f\",\"GroupId\":\"g1\"",
                ""), StandardCharsets.UTF_8);
        return file;
    }
}
