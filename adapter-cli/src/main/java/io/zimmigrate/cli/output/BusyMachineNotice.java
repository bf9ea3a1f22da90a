package io.zimmigrate.cli.output;

import io.vertx.core.spi.logging.LogDelegate;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vert.x's "Thread Thread[#23,vert.x-eventloop-thread-0,5,main] has been blocked for 2345 ms, time limit is 2000 ms"
 * (with a {@code VertxException} stack after 5 s), said as an operator reads it: "the machine is busy: a network
 * thread was held up for 2345 ms (limit 2000 ms); the run goes on, answers may come slower". It is about the
 * machine, not the endpoint or the data: nothing is lost, so once a minute is enough (Vert.x repeats it every
 * second while the thread stays blocked) and the stack is dropped. Other levels pass through unchanged.
 */
final class BusyMachineNotice implements LogDelegate {
    private static final Pattern BLOCKED = Pattern.compile("blocked for (\\d+) ms, time limit is (\\d+) ms");
    private static final long QUIET_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final LogDelegate vertx;
    private final Consumer<String> operator;
    private final LongSupplier nanoTime;
    private long lastSaidAt;
    private boolean said;
    private int unsaid;

    BusyMachineNotice(LogDelegate vertx, Consumer<String> operator, LongSupplier nanoTime) {
        this.vertx = vertx;
        this.operator = operator;
        this.nanoTime = nanoTime;
    }

    @Override
    public void warn(Object message) {
        notice(message);
    }

    @Override
    public void warn(Object message, Throwable t) {
        notice(message);
    }

    /** The checker warns from its own single timer thread; synchronized all the same, it is rare. */
    private synchronized void notice(Object message) {
        long now = nanoTime.getAsLong();
        if (said && now - lastSaidAt < QUIET_NANOS) {
            unsaid++;
            return;
        }
        Matcher m = BLOCKED.matcher(String.valueOf(message));
        String held = m.find() ? "for " + m.group(1) + " ms (limit " + m.group(2) + " ms)" : "longer than Vert.x allows";
        operator.accept("the machine is busy: a network thread was held up " + held + "; the run goes on, answers may "
                + "come slower" + (unsaid > 0 ? " (said " + unsaid + " more times in the last minute)" : ""));
        said = true;
        lastSaidAt = now;
        unsaid = 0;
    }

    @Override
    public String implementation() {
        return vertx.implementation();
    }

    @Override
    public boolean isWarnEnabled() {
        return vertx.isWarnEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
        return vertx.isInfoEnabled();
    }

    @Override
    public boolean isDebugEnabled() {
        return vertx.isDebugEnabled();
    }

    @Override
    public boolean isTraceEnabled() {
        return vertx.isTraceEnabled();
    }

    @Override
    public void error(Object message) {
        vertx.error(message);
    }

    @Override
    public void error(Object message, Throwable t) {
        vertx.error(message, t);
    }

    @Override
    public void info(Object message) {
        vertx.info(message);
    }

    @Override
    public void info(Object message, Throwable t) {
        vertx.info(message, t);
    }

    @Override
    public void debug(Object message) {
        vertx.debug(message);
    }

    @Override
    public void debug(Object message, Throwable t) {
        vertx.debug(message, t);
    }

    @Override
    public void trace(Object message) {
        vertx.trace(message);
    }

    @Override
    public void trace(Object message, Throwable t) {
        vertx.trace(message, t);
    }
}
