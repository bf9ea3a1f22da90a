package io.zimmigrate.cli.output;

import io.vertx.core.logging.SLF4JLogDelegateFactory;
import io.vertx.core.spi.logging.LogDelegate;
import io.vertx.core.spi.logging.LogDelegateFactory;
import org.slf4j.LoggerFactory;

/**
 * Vert.x's logging in the CLI: everything goes to SLF4J exactly as Vert.x's own SLF4J factory sends it, except the
 * blocked-thread checker's warnings, which a busy machine (2 cores shared with other work) causes and which read,
 * unchanged, as a Java class name and a stack trace for the operator. They become a {@link BusyMachineNotice}.
 * {@code main} installs this through Vert.x's {@value #PROPERTY} property unless the user named another factory
 * (so {@code -Dvertx.logger-delegate-factory-class-name=io.vertx.core.logging.SLF4JLogDelegateFactory} shows the
 * raw warnings with their stacks, for a developer).
 */
public final class OperatorVertxLogging implements LogDelegateFactory {
    public static final String PROPERTY = "vertx.logger-delegate-factory-class-name";
    /** The logger the checker warns through (its {@code LOGGER_NAME}: the class's pre-5 name). */
    static final String BLOCKED_THREAD_CHECKER = "io.vertx.core.impl.BlockedThreadChecker";

    private final SLF4JLogDelegateFactory slf4j = new SLF4JLogDelegateFactory();

    /** Makes this the factory of every Vert.x in this process, unless the user chose one; call before Vert.x starts. */
    public static void install() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, OperatorVertxLogging.class.getName());
        }
    }

    @Override
    public boolean isAvailable() {
        return slf4j.isAvailable();
    }

    @Override
    public LogDelegate createDelegate(String name) {
        LogDelegate vertx = slf4j.createDelegate(name);
        if (!BLOCKED_THREAD_CHECKER.equals(name)) {
            return vertx;
        }
        org.slf4j.Logger plain = LoggerFactory.getLogger("zim-migrate");
        return new BusyMachineNotice(vertx, plain::warn, System::nanoTime);
    }
}
