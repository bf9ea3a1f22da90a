package io.zimmigrate.bench;

import io.zimmigrate.core.engine.Migration;
import io.zimmigrate.core.engine.MigrationReport;
import io.zimmigrate.core.signing.NonceSource;
import io.zimmigrate.core.signing.RequestSigner;
import io.zimmigrate.core.signing.ServerSecret;
import io.zimmigrate.files.journal.FileJournal;
import io.zimmigrate.files.scratch.FileScratchSpace;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;

/**
 * Core's engine run in-process the way {@code zim-migrate run} wires it (JSONL source, file journal, file scratch
 * space, real clock), over {@link BenchGateway}. Takes the same arguments the scripts give the CLI, so
 * {@code BENCH_RUNNER=engine bench/p1-pacing.sh} measures the engine alone; secret from {@code ZIM_SERVER_SECRET}.
 *
 * {@code --trace FILE} writes, per request, when the engine decided to send it (its pacer slot) and when it
 * actually reached the gateway (after the journal's fsync), epoch ms, for diagnosing pacing.
 *
 * <pre>EngineRun FILE --endpoint URL --app-id N --journal DIR [--qps 20] [--guard-ms N] [--transport ignored] [--trace FILE]</pre>
 */
public final class EngineRun {
    private EngineRun() {}

    private static long sinceStart() {
        return System.currentTimeMillis() - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    public static void main(String[] argv) throws Exception {
        String file = argv[0];
        Args args = new Args(java.util.Arrays.copyOfRange(argv, 1, argv.length), Set.of());
        URI endpoint = URI.create(args.required("--endpoint"));
        long appId = args.number("--app-id", EmulatorHarness.APP_ID);
        Path journalDir = Path.of(args.required("--journal"));
        int qps = args.integer("--qps", 20);
        long guard = args.number("--guard-ms", -1); // -1: the engine's default
        args.text("--transport", "");
        String trace = args.text("--trace", null);
        args.done();
        RequestSigner signer = new RequestSigner(appId, ServerSecret.of(System.getenv("ZIM_SERVER_SECRET")),
                Clock.systemUTC(), NonceSource.secure());
        long t0 = System.nanoTime();
        System.err.printf("main at %d ms since JVM start%n", sinceStart());
        Trace tracer = new Trace();
        try (BenchGateway gateway = new BenchGateway(endpoint, signer, 256, tracer);
             FileJournal journal = FileJournal.open(journalDir);
             FileScratchSpace scratch = FileScratchSpace.in(journalDir)) {
            Migration.Builder builder = Migration.builder();
            if (guard >= 0) {
                builder.guardMillis(guard);
            }
            Migration migration = builder.source(new LinesSource(Path.of(file), file)).gateway(gateway)
                    .journal(journal).scratch(scratch).clock(Clock.systemUTC()).qps(qps)
                    // The bench gateway cannot read back, and every bench starts on an empty emulator.
                    .freshJournal(io.zimmigrate.core.engine.FreshJournal.IMPORT_REGARDLESS).listener(event -> {
                        if (event instanceof io.zimmigrate.core.engine.MigrationEvent.Sent sent) {
                            if (tracer.decidedCount() == 0) {
                                System.err.printf("first send decided at %d ms since JVM start%n", sinceStart());
                            }
                            tracer.decided(sent.messageId());
                        } else if (event instanceof io.zimmigrate.core.engine.MigrationEvent.Planned) {
                            System.err.printf("planned (journal replayed) at %d ms since JVM start%n", sinceStart());
                        }
                    }).build();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> migration.stop("signal")));
            MigrationReport r = migration.run();
            if (trace != null) {
                tracer.write(Path.of(trace));
            }
            System.out.printf("engine run: %d imported, %d rejected, %d already done, %d throttled, %d retries, "
                    + "%.2f s%n", r.imported(), r.importsRejected(), r.alreadyDone(), r.throttled(), r.retries(),
                    (System.nanoTime() - t0) / 1e9);
            System.exit(r.hasRejections() || r.stoppedEarly() && r.notAttempted() > 0 && !"signal".equals(r.stopReason())
                    ? 1 : 0);
        }
    }
}
