package io.zimmigrate.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A zim-migrate command going on in this JVM (the real command line, the system clock) on a thread of its own, for
 * tests that look at a run while it goes: its stderr as printed so far, its metrics address and a scrape of it,
 * and its exit code. Whatever the command throws ends up in {@link #exit}, which the test calls: nothing escapes
 * the thread.
 */
public final class BackgroundRun {
    private static final Pattern METRICS_URL = Pattern.compile("metrics: (http://\\S+)");

    private final StringWriter err = new StringWriter();
    private final CompletableFuture<Integer> exit;
    private final HttpClient http = HttpClient.newHttpClient();

    private BackgroundRun(Map<String, String> env, String... args) {
        exit = CompletableFuture.supplyAsync(() -> ZimMigrate.run(new CliEnvironment(env, Clock.systemUTC()),
                new PrintWriter(new StringWriter()), new PrintWriter(err), args), task -> {
                    Thread thread = new Thread(task, "background-run");
                    thread.setDaemon(true);
                    thread.start();
                });
    }

    /** Starts {@code zim-migrate ARGS…} with only {@code env} as its environment. */
    public static BackgroundRun start(Map<String, String> env, String... args) {
        return new BackgroundRun(env, args);
    }

    /** Everything it printed on stderr so far. */
    public String err() {
        return err.toString();
    }

    public boolean isDone() {
        return exit.isDone();
    }

    /** Its exit code, waiting at most {@code timeout} for it (then the test fails). */
    public int exit(Duration timeout) throws Exception {
        return exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The address its {@code metrics:} line names, as soon as it is printed. The {@code timeout} is a deadline on
     * the wall clock, so make it generous: a JVM starting a run on a loaded 2-core box took over 10 s to print it.
     */
    public String awaitMetricsUrl(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = METRICS_URL.matcher(err());
            if (m.find()) {
                return m.group(1);
            }
            if (isDone()) {
                break;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("no metrics address printed " + (isDone() ? "before the run ended (" + exit
                + ")" : "within " + timeout) + ": " + err());
    }

    /** One scrape of {@code url}'s Prometheus text. */
    public String scrape(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
