package io.zimmigrate.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * P1 with media (issue 16: "imports keep their pace while copying"): the same history of file messages, each with
 * its own attachment on a loopback file host that answers after {@code --host-delay-ms}, imported twice by the
 * real {@code zim-migrate run} against an emulator capped at {@code --qps}: once plain (the original URLs kept),
 * once with {@code --media-to DIR --media-url-base URL} (every file copied while importing). The server-side import
 * rate of both, side by side in one run; goal: both at ≥ {@code --goal}, none throttled, everything stored, every
 * file copied.
 *
 * <pre>PacingWithMedia --cli-jar zim-migrate.jar --work DIR --messages 640 --timelines 16 --size-kb 64 --host-delay-ms 100</pre>
 */
public final class PacingWithMedia {
    private static final String BASE = "https://cdn.example.com/chat/";

    private PacingWithMedia() {}

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, Set.of());
        Path jar = Path.of(args.required("--cli-jar"));
        Path work = Path.of(args.required("--work"));
        int messages = args.integer("--messages", 640);
        int timelines = args.integer("--timelines", 16);
        long size = args.number("--size-kb", 64) * 1024;
        long delay = args.number("--host-delay-ms", 100);
        int qps = args.integer("--qps", 20);
        double goal = args.decimal("--goal", qps * 0.99);
        String transport = args.text("--transport", "vertx");
        args.done();

        AtomicLong served = new AtomicLong();
        AtomicLong lastServed = new AtomicLong();
        HttpServer host = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService hostThreads = Executors.newCachedThreadPool();
        host.createContext("/", x -> serve(x, size, delay, served, lastServed));
        host.setExecutor(hostThreads);
        host.start();
        try {
            Path input = history(work.resolve("history.jsonl"), "http://127.0.0.1:" + host.getAddress().getPort(),
                    messages, timelines);
            Measured plain = measure("plain", jar, input, work, qps, transport, List.of());
            Path media = work.resolve("media");
            long servedBefore = served.get();
            Measured copying = measure("with-media", jar, input, work, qps, transport,
                    List.of("--media-to", media.toString(), "--media-url-base", BASE, "--media-idle-timeout", "60"));
            long copied = objects(media);
            double copyEndsAt = (lastServed.get() - copying.first()) / 1000.0;
            double importSeconds = (copying.last() - copying.first()) / 1000.0;
            Result.note(String.format(Locale.ROOT, "plain: %s", plain));
            Result.note(String.format(Locale.ROOT, "with media: %s; %d files served, the last %.2f s after the first "
                    + "import (imports took %.2f s)", copying, served.get() - servedBefore, copyEndsAt, importSeconds));
            boolean pass = plain.rate() >= goal && copying.rate() >= goal && plain.throttled() + copying.throttled() == 0
                    && plain.stored() == messages && copying.stored() == messages && copied == messages;
            Result.report(String.format(Locale.ROOT, "P1 with media: plain %.2f req/s, copying %.2f req/s (ratio %.3f), "
                            + "%d throttled, stored %d and %d of %d, %d of %d files copied (%d KiB each, host delay %d ms; "
                            + "copying ended %.1f s into %.1f s of imports) over %d timelines (goal ≥ %.1f/s both)",
                    plain.rate(), copying.rate(), copying.rate() / plain.rate(), plain.throttled() + copying.throttled(),
                    plain.stored(), copying.stored(), messages, copied, messages, size / 1024, delay, copyEndsAt,
                    importSeconds, timelines, goal), pass);
        } finally {
            host.stop(0);
            hostThreads.shutdownNow();
        }
    }

    private record Measured(double rate, long count, long first, long last, long throttled, long stored) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.2f req/s (%d calls in %.2f s), %d throttled, %d stored", rate, count,
                    (last - first) / 1000.0, throttled, stored);
        }
    }

    private static Measured measure(String name, Path jar, Path input, Path work, int qps, String transport,
                                    List<String> more) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "run", input.toString(), "--endpoint", "{endpoint}", "--app-id", "{app-id}",
                "--journal", work.resolve("journal-" + name).toString(), "--qps", Integer.toString(qps),
                "--transport", transport, "--progress", "lines"));
        command.addAll(more);
        try (EmulatorHarness h = new EmulatorHarness(qps, Duration.ZERO)) {
            EmulatorHarness.Child child = h.run(command, work.resolve(name + ".log"), Duration.ofMinutes(30));
            if (child.exitCode() != 0) {
                Result.broken("P1 with media", name + ": the run exited with " + child.exitCode() + "\n" + child.tail());
            }
            Arrivals a = h.arrivals(EmulatorHarness.GROUP);
            return new Measured(a.rate(), a.count(), a.first(), a.last(), a.throttled(), h.stored());
        }
    }

    /** File messages round-robin over the group timelines, one second apart, each naming its own file. */
    private static Path history(Path file, String host, int messages, int timelines) throws IOException {
        long t0 = System.currentTimeMillis() / 1000 * 1000 - 86_400_000L;
        List<String> lines = new ArrayList<>(messages);
        for (int i = 0; i < messages; i++) {
            String name = String.format("f%05d.bin", i);
            lines.add("{\"Id\":\"m" + i + "\",\"GroupId\":\"g" + (i % timelines) + "\",\"FromUserId\":\"u" + (i % 5)
                    + "\",\"MessageType\":12,\"MessageBody\":{\"Message\":{\"Uid\":\"u" + i + "\",\"Url\":\"" + host + "/"
                    + name + "\",\"FileName\":\"" + name + "\"}},\"SendMessageTime\":" + (t0 + i * 1000L) + "}");
        }
        return Files.write(file, lines);
    }

    private static void serve(HttpExchange x, long size, long delay, AtomicLong served, AtomicLong lastServed)
            throws IOException {
        try (x) {
            if (delay > 0) {
                Thread.sleep(delay);
            }
            x.getResponseHeaders().add("Content-Type", "application/octet-stream");
            x.sendResponseHeaders(200, size);
            OutputStream out = x.getResponseBody();
            byte[] chunk = new byte[(int) Math.min(size, 1 << 16)];
            for (long sent = 0; sent < size; ) {
                int n = (int) Math.min(chunk.length, size - sent);
                out.write(chunk, 0, n);
                sent += n;
            }
            served.incrementAndGet();
            lastServed.set(System.currentTimeMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long objects(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).count();
        }
    }
}
