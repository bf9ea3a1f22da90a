package io.zimmigrate.feign;

import io.zimmigrate.core.gateway.Redaction;
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
