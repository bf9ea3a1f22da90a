package io.zimmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.zimmigrate.cli.output.OperatorVertxLogging;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: on a very busy machine Vert.x warns that its event loop was blocked, with its checker's class name and
 * a stack trace. Through the shaded jar's own logging (slf4j-simple, as {@code main} sets it up), the operator reads
 * one plain line instead. The block is made on purpose here ({@link #main}), with Vert.x's limits lowered so that
 * it takes a second, not a loaded machine.
 */
class BusyMachineJarIT {

    @Test
    void aBlockedEventLoopIsSaidInPlainWordsWithoutAStack() throws Exception {
        String classPath = ZimMigrateJarIT.JAR + File.pathSeparator + ZimMigrateJarIT.MODULE.resolve("target/test-classes");
        ZimMigrateJarIT.Run r = ZimMigrateJarIT.run(Map.of(), List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath,
                BusyMachineJarIT.class.getName()));
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.err()).as("%s", r).contains("WARN zim-migrate - the machine is busy: a network thread was held up for ")
                .contains("; the run goes on, answers may come slower");
        assertThat(r.err().lines().filter(l -> l.contains("the machine is busy"))).as("once a minute").hasSize(1);
        assertThat(r.err()).doesNotContain("io.vertx").doesNotContain("Exception").doesNotContain("\tat ");
    }

    /** Blocks a Vert.x event loop for 1.5 s, with the checker looking every 50 ms and warning after 100 ms. */
    public static void main(String[] args) throws Exception {
        OperatorVertxLogging.install();
        Vertx vertx = Vertx.vertx(new VertxOptions().setBlockedThreadCheckInterval(50)
                .setMaxEventLoopExecuteTime(100).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
                .setWarningExceptionTime(200).setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS));
        CountDownLatch blocked = new CountDownLatch(1);
        vertx.runOnContext(v -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            blocked.countDown();
        });
        blocked.await(60, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
