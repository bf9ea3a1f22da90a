package io.zimmigrate.feign;

import io.zimmigrate.core.gateway.Redaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feign's logger, through SLF4J at DEBUG, with the Signature removed from every line. Feign logs the full request
 * URL from level BASIC up; the signature in it is valid for ten minutes.
 */
final class RedactingFeignLogger extends feign.Logger {
    private static final Logger LOG = LoggerFactory.getLogger("io.zimmigrate.feign.http");

    @Override
    protected void log(String configKey, String format, Object... args) {
        if (LOG.isDebugEnabled()) {
            LOG.debug(line(configKey, format, args));
        }
    }

    /** The line as logged: Feign's format, then the Signature removed. */
    static String line(String configKey, String format, Object... args) {
        return Redaction.redact(methodTag(configKey) + String.format(format, args));
    }
}
