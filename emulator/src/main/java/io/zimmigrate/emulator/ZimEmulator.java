package io.zimmigrate.emulator;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.zimmigrate.core.rules.IdRules;
import io.zimmigrate.core.rules.RuleSet;
import io.zimmigrate.core.validation.MessageRules;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A local stand-in for ZIM's server API: same wire format ({@code POST /?Action=…} with the signed common query
 * parameters and a JSON body; JSON answers with {@code Code}, HTTP 200 even for business errors), same field rules
 * (core's), the per-Action request cap, and faults on demand. It keeps every timeline in memory so tests,
 * benchmarks and rehearsals can check exactly what arrived, in which order.
 *
 * <p>Listens on 127.0.0.1 only. Thread-safe: the accessors may be called from any thread while it serves.
 * The ServerSecret is only ever used to check signatures; it is never logged or answered.
 */
public final class ZimEmulator implements AutoCloseable {
    /** Larger than any valid request (32 KB Message + 1 KB ExtendedData + 100 users), small enough to be harmless. */
    private static final long BODY_LIMIT_BYTES = 1L << 20;
    private static final long START_STOP_TIMEOUT_SECONDS = 30;

    private final EmulatorConfig config;
    private final Vertx vertx;
    private final boolean ownsVertx;
    private final ZimState state;
    private final Traffic traffic;
    private final FaultDice dice;
    private final Router router;
    /** The server listening now; replaced by {@link #startListening()} after {@link #stopListening()}. */
    private volatile HttpServer server;
    private volatile boolean listening;
    /** The port of the first listen, kept so a restart comes back where clients expect it. */
    private volatile int boundPort;
    private volatile boolean closed;

    private ZimEmulator(EmulatorConfig config, Vertx vertx, boolean ownsVertx) {
        this.config = config;
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.state = new ZimState();
        this.traffic = new Traffic();
        this.dice = new FaultDice(config.seed(), config.faults());
        IdRules ids = IdRules.of(config.allowSpaceInIds());
        RuleSet rules = RuleSet.defaults().withRetentionDays(config.retentionDays()).withIds(ids)
                .withMaxMessageBytes(config.maxMessageBytes()).withMultiItem(config.allowMultiItem());
        RequestDesk desk = new RequestDesk(config, traffic, dice,
                new Authenticator(config.appId(), config.secret(), config.clock(), config.maxClockSkew().toSeconds(),
                        config.expiredSignatureCode()),
                new RequestCap(config.qps()),
                new ImportHandler(new MessageRules(rules), state, config.requireProvisioned()),
                new ProvisioningHandler(state, ids, config),
                new QueryHandler(state, ids, config.requireProvisioned(), config.mediaReadBack()));
        this.router = Router.router(vertx);
        router.post("/").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES)).handler(desk::handle);
        this.server = newServer(config.port());
    }

    private HttpServer newServer(int port) {
        return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)).requestHandler(router);
    }

    /**
     * No classpath file resolving, so no file cache: Vert.x made a {@code vertx-cache-UUID} folder in java.io.tmpdir
     * for every instance, removed only by a shutdown hook, so every run killed outright (SIGKILL, a halt after an
     * exhausted heap) left one behind. Nothing here serves files from the classpath.
     */
    static VertxOptions withoutFileCache() {
        return new VertxOptions().setFileSystemOptions(
                new FileSystemOptions().setClassPathResolvingEnabled(false).setFileCachingEnabled(false));
    }

    /** Starts an emulator on its own Vert.x instance, which {@link #close()} stops; returns once it listens. */
    public static ZimEmulator start(EmulatorConfig config) {
        refuseOnEventLoop();
        Vertx vertx = Vertx.vertx(withoutFileCache());
        try {
            return listen(new ZimEmulator(Objects.requireNonNull(config, "config"), vertx, true));
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
    }

    /** Starts an emulator on the caller's Vert.x instance, which it never closes; returns once it listens. */
    public static ZimEmulator start(EmulatorConfig config, Vertx vertx) {
        refuseOnEventLoop();
        return listen(new ZimEmulator(Objects.requireNonNull(config, "config"), Objects.requireNonNull(vertx, "vertx"),
                false));
    }

    private static ZimEmulator listen(ZimEmulator emulator) {
        await(emulator.server.listen(), "listen on 127.0.0.1:" + emulator.config.port());
        emulator.boundPort = emulator.server.actualPort();
        emulator.listening = true;
        return emulator;
    }

    /**
     * The server goes away, as a crashed or restarting ZIM would: the port is closed (new connections are refused),
     * open connections are dropped and answers still waiting are never sent. Everything stored is kept, so
     * {@link #startListening()} brings the same server back. Does nothing if it is not listening.
     */
    public synchronized void stopListening() {
        refuseOnEventLoop();
        if (closed || !listening) {
            return;
        }
        listening = false;
        await(server.close(), "stop the server");
    }

    /**
     * Listens again on the same port, with everything stored before {@link #stopListening()}: timelines, users,
     * groups, the request counts and the fault dice. Does nothing if it is listening already.
     *
     * @throws IllegalStateException if the emulator is closed or the port was taken meanwhile
     */
    public synchronized void startListening() {
        refuseOnEventLoop();
        if (closed) {
            throw new IllegalStateException("the emulator is closed");
        }
        if (listening) {
            return;
        }
        HttpServer again = newServer(boundPort);
        await(again.listen(), "listen again on 127.0.0.1:" + boundPort);
        server = again;
        listening = true;
    }

    /** Whether the server accepts connections now (false between {@link #stopListening()} and a restart). */
    public boolean isListening() {
        return listening;
    }

    /** Blocking on an event loop would stall the very loop that has to complete the wait. */
    private static void refuseOnEventLoop() {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("start and close the emulator from a non-event-loop thread: they block");
        }
    }

    /** Where to send requests, e.g. {@code http://127.0.0.1:41234}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** The port it listens on; the same after a {@link #stopListening() stop} and {@link #startListening() restart}. */
    public int port() {
        return boundPort;
    }

    public EmulatorConfig config() {
        return config;
    }

    /** Changes the faults from now on; the random sequence that picks them goes on unchanged. */
    public void setFaults(Faults faults) {
        dice.set(faults);
    }

    public Faults faults() {
        return dice.faults();
    }

    /** How many HTTP requests for {@code action} reached the server: all of them, refused, throttled and faulted too. */
    public long requestsReceived(String action) {
        return traffic.receivedCount(action);
    }

    /** Arrival times (emulator clock, ms) of the requests for {@code action} that the request cap let through. */
    public List<Long> arrivalTimesMillis(String action) {
        return traffic.arrivalTimes(action);
    }

    /** How many 660300005 (request cap) answers {@code action} got. */
    public long throttledAnswers(String action) {
        return traffic.throttledCount(action);
    }

    /**
     * Per MessageType, how many imports were stored but never answered (a dealt lost answer): the messages whose
     * fate a client can only learn by reading back. Lets a chaos test prove that it exercised reconciliation of,
     * say, image messages.
     */
    public Map<Integer, Long> lostImportAnswers() {
        return traffic.lostImportAnswers();
    }

    /** The messages of a timeline (key as {@code io.zimmigrate.core.model.Timeline#key()}), oldest first. */
    public List<StoredMessage> timeline(String timelineKey) {
        return state.timeline(timelineKey);
    }

    public Set<String> timelineKeys() {
        return state.timelineKeys();
    }

    public Set<String> registeredUsers() {
        return state.users();
    }

    public Set<String> groups() {
        return state.groups();
    }

    /** Registers users directly, as if UserRegister had been called; for test setup. */
    public void provisionUsers(Collection<String> userIds) {
        userIds.forEach(state::register);
    }

    /** Creates a group with these members directly, as if CreateGroup had been called; for test setup. */
    public void provisionGroup(String groupId, Collection<String> members) {
        state.createGroup(groupId, members);
    }

    /** The members of a group (its owner included), in the order they joined; empty when it does not exist. */
    public List<String> groupMembers(String groupId) {
        return state.members(groupId);
    }

    /** Stops listening (answers still waiting are dropped), and stops the Vert.x instance if the emulator made it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        refuseOnEventLoop();
        closed = true;
        try {
            if (listening) {
                listening = false;
                await(server.close(), "stop the server");
            }
        } finally {
            if (ownsVertx) {
                await(vertx.close(), "stop Vert.x");
            }
        }
    }

    @Override
    public String toString() {
        return "ZimEmulator[" + (closed ? "closed" : baseUri()) + ", appId=" + config.appId() + "]";
    }

    private static <T> T await(Future<T> future, String what) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(START_STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not " + what + " within " + Duration.ofSeconds(START_STOP_TIMEOUT_SECONDS), e);
        }
    }
}
