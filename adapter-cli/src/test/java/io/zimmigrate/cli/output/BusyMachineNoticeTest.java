package io.zimmigrate.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VertxException;
import io.vertx.core.spi.logging.LogDelegate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Vert.x's blocked-thread warning in an operator's words, once a minute, without a stack or a class name. */
class BusyMachineNoticeTest {
    private static final String VERTX_SAYS = "Thread Thread[#23,vert.x-eventloop-thread-0,5,main] has been blocked "
            + "for 2345 ms, time limit is 2000 ms";

    @Test
    void theWarningIsSaidPlainlyAndAtMostOnceAMinute() {
        List<String> said = new ArrayList<>();
        AtomicLong now = new AtomicLong();
        LogDelegate vertx = new OperatorVertxLogging().createDelegate("io.vertx.core.impl.SomethingElse");
        BusyMachineNotice notice = new BusyMachineNotice(vertx, said::add, now::get);

        notice.warn(VERTX_SAYS);
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        notice.warn(VERTX_SAYS.replace("2345", "3345"), new VertxException("Thread blocked"));
        now.addAndGet(TimeUnit.SECONDS.toNanos(59));
        notice.warn(VERTX_SAYS.replace("2345", "6000"), new VertxException("Thread blocked"));

        assertThat(said).containsExactly(
                "the machine is busy: a network thread was held up for 2345 ms (limit 2000 ms); the run goes on, "
                        + "answers may come slower",
                "the machine is busy: a network thread was held up for 6000 ms (limit 2000 ms); the run goes on, "
                        + "answers may come slower (said 1 more times in the last minute)");
        assertThat(String.join("\n", said)).doesNotContain("Exception", "io.vertx", "Thread[");
    }

    @Test
    void onlyTheBlockedThreadCheckersLoggerIsRewritten() {
        OperatorVertxLogging factory = new OperatorVertxLogging();
        assertThat(factory.isAvailable()).isTrue();
        assertThat(factory.createDelegate(OperatorVertxLogging.BLOCKED_THREAD_CHECKER)).isInstanceOf(BusyMachineNotice.class);
        assertThat(factory.createDelegate("io.vertx.core.net.impl.ConnectionBase")).isNotInstanceOf(BusyMachineNotice.class);
    }
}
