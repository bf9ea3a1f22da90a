package io.zimmigrate.feign;

import feign.Request;
import feign.Response;
import io.zimmigrate.core.gateway.Redaction;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feign's logger, through SLF4J at DEBUG, with the Signature removed from every line. Feign logs the full request
 * URL from level BASIC up; the signature in it is valid for ten minutes.
 */
final class RedactingFeignLogger extends feign.Logger {
    private static final Logger LOG = LoggerFactory.getLogger("io.zimmigrate.feign.http");

    /** Where lines go instead of SLF4J (tests); null: SLF4J. */
    private final Consumer<String> sink;

    RedactingFeignLogger() {
        this(null);
    }

    RedactingFeignLogger(Consumer<String> sink) {
        this.sink = sink;
    }

    /** The request line, and more as {@code level} asks (what Feign's proxy would log before sending). */
    void request(String configKey, Level level, Request request) {
        if (level != Level.NONE) {
            logRequest(configKey, level, request);
        }
    }

    /** The answer, and more as {@code level} asks; returns a response whose body can still be read. */
    Response response(String configKey, Level level, Response response, long startNanos) throws IOException {
        if (level == Level.NONE) {
            return response;
        }
        return logAndRebufferResponse(configKey, level, response, elapsedMillis(startNanos));
    }

    /** A failure to send or to read the answer. */
    void failure(String configKey, Level level, IOException e, long startNanos) {
        if (level != Level.NONE) {
            logIOException(configKey, level, e, elapsedMillis(startNanos));
        }
    }

    private static long elapsedMillis(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    @Override
    protected void log(String configKey, String format, Object... args) {
        if (sink != null) {
            sink.accept(line(configKey, format, args));
        } else if (LOG.isDebugEnabled()) {
            LOG.debug(line(configKey, format, args));
        }
    }

    /** The line as logged: Feign's format, then the Signature removed. */
    static String line(String configKey, String format, Object... args) {
        return Redaction.redact(methodTag(configKey) + String.format(format, args));
    }
}
