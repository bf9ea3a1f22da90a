package io.zimmigrate.core.gateway;

import io.zimmigrate.core.model.Message;
import io.zimmigrate.core.model.Timeline;
import io.zimmigrate.core.model.UserId;
import io.zimmigrate.core.port.Outcome;
import io.zimmigrate.core.port.ZimGateway;
import io.zimmigrate.core.signing.RequestSigner;
import io.zimmigrate.core.wire.Action;
import io.zimmigrate.core.wire.CreateGroupRequest;
import io.zimmigrate.core.wire.ImportGroupMsgRequest;
import io.zimmigrate.core.wire.ImportPeerMsgRequest;
import io.zimmigrate.core.wire.InviteUsersIntoGroupRequest;
import io.zimmigrate.core.wire.QueryGroupMsgRequest;
import io.zimmigrate.core.wire.QueryPeerMsgRequest;
import io.zimmigrate.core.wire.UserRegisterRequest;
import io.zimmigrate.core.wire.ZimJson;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ZIM's protocol, once, for every transport: encodes each body once with {@link ZimJson} (so every transport sends
 * the same bytes), signs every attempt afresh with {@link RequestSigner}, hands the bytes to a {@link ZimTransport},
 * and turns what came back into an {@link Outcome} through {@link ZimCodes} and {@link BareStatuses}.
 *
 * <p>Retries: none, except one. When ZIM answers 100000005 (signature invalid) or 100000004 (signature expired) the
 * request was not applied, and the documented advice is to try again, so the gateway re-signs (new nonce, new
 * timestamp) and sends once more. A second 100000005 is {@link Outcome.Fatal} (the AppId, the ServerSecret or the clock
 * is wrong). A second 100000004 means this machine's clock is off ZIM's by more than ZIM's 10 minutes: it is
 * {@link Outcome.RetryLater} while that has lasted less than {@link Patience#clockSkew()}, then {@code Fatal}.
 * Everything else is the engine's call.
 *
 * <p>Server gone: a transport failure (not sent, no answer, a bare 5xx) is {@code RetryLater} or {@code Unknown} as
 * below, until ZIM has given no answer at all for {@link Patience#outage()}; from then on it is {@code Fatal}, so a
 * run stops (resumably: an import whose fate is unknown stays unsettled in the journal and is reconciled on resume)
 * instead of retrying for ever. Any ZIM answer ends the outage.
 *
 * <p>A request that may have been sent but got no answer (read timeout, connection lost, a bare 5xx):
 * <ul>
 *   <li>for the imports it is {@link Outcome.Unknown}: sending again could duplicate the message, so the engine must
 *       reconcile first;</li>
 *   <li>for UserRegister, CreateGroup, InviteUsersIntoGroup and the queries it is {@link Outcome.RetryLater}:
 *       sending those again cannot change anything twice. A repeated UserRegister answers "already registered"
 *       (660700002, success here), a repeated CreateGroup answers "already exists" (660600011, {@code Done} with
 *       {@code alreadyExisted}), a member invited twice is still one member, and a query only reads.</li>
 * </ul>
 *
 * <p>Every stage completes normally; the Signature never appears in an outcome or a log line.
 *
 * <p>Transports are composed, not derived: this class is final, a transport adapter only provides a
 * {@link ZimTransport} (bytes in, bytes out, the phase of a failure), and {@link ZimGatewayBuilder} puts the two
 * together, so every transport behaves the same.
 */
public final class ZimProtocolGateway implements ZimGateway {
    /**
     * The logger, got at the first answer rather than when this class loads: a transport started in the background
     * (the CLI's) sets SLF4J up on its own thread meanwhile, and a second thread asking during that set-up made SLF4J
     * print a three-line "logging calls intercepted and replayed" notice at the start of every run.
     */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(ZimProtocolGateway.class);
    }

    private final RequestSigner signer;
    private final ZimTransport transport;
    private final Patience patience;
    /** Measures how long a trouble has lasted; the signer's clock, so tests can move both together. */
    private final Clock clock;
    private final TroubleSpell outage = new TroubleSpell();
    private final TroubleSpell clockSkew = new TroubleSpell();

    /** With {@link Patience#defaults()} and the system clock. */
    public ZimProtocolGateway(RequestSigner signer, ZimTransport transport) {
        this(signer, transport, Patience.defaults(), Clock.systemUTC());
    }

    /**
     * The protocol over {@code transport}; {@code clock} measures how long a trouble lasts (give the signer's). Most
     * callers use {@link ZimGatewayBuilder}, which opens the transport with the shared settings.
     */
    public ZimProtocolGateway(RequestSigner signer, ZimTransport transport, Patience patience, Clock clock) {
        this.signer = Objects.requireNonNull(signer, "signer");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.patience = Objects.requireNonNull(patience, "patience");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    // ---- the port: domain-typed ----------------------------------------------------------------------------

    @Override
    public CompletionStage<Outcome<ImportReceipt>> importMessage(Message message, Timeline timeline) {
        return timeline instanceof Timeline.GroupTimeline g
                ? importGroupMessage(WireRequests.importGroup(message, g))
                : importPeerMessage(WireRequests.importPeer(message, (Timeline.PeerTimeline) timeline));
    }

    @Override
    public CompletionStage<Outcome<MessagePage>> readBack(Timeline timeline, int limit, long next) {
        return timeline instanceof Timeline.GroupTimeline g
                ? queryGroupMessages(WireRequests.queryGroup(g, limit, next))
                : queryPeerMessages(WireRequests.queryPeer((Timeline.PeerTimeline) timeline, limit, next));
    }

    @Override
    public CompletionStage<Outcome<Registration>> registerUsers(List<UserId> users) {
        return registerUsers(WireRequests.register(users));
    }

    @Override
    public CompletionStage<Outcome<GroupCreation>> createGroup(NewGroup group) {
        return createGroup(WireRequests.createGroup(group));
    }

    @Override
    public CompletionStage<Outcome<Invited>> inviteUsers(Invitation invitation) {
        return inviteUsers(WireRequests.invite(invitation));
    }

    // ---- the protocol: one wire request each (what the port's operations become) ---------------------------

    public CompletionStage<Outcome<ImportReceipt>> importGroupMessage(ImportGroupMsgRequest request) {
        return call(Action.IMPORT_GROUP_MSG, request, AnswerReading.importReceipt());
    }

    public CompletionStage<Outcome<ImportReceipt>> importPeerMessage(ImportPeerMsgRequest request) {
        return call(Action.IMPORT_PEER_MSG, request, AnswerReading.importReceipt());
    }

    public CompletionStage<Outcome<Registration>> registerUsers(UserRegisterRequest request) {
        return call(Action.USER_REGISTER, request, AnswerReading.registration());
    }

    public CompletionStage<Outcome<GroupCreation>> createGroup(CreateGroupRequest request) {
        return call(Action.CREATE_GROUP, request, AnswerReading.groupCreation(request.groupId()));
    }

    public CompletionStage<Outcome<Invited>> inviteUsers(InviteUsersIntoGroupRequest request) {
        return call(Action.INVITE_USERS_INTO_GROUP, request, AnswerReading.invitation());
    }

    public CompletionStage<Outcome<MessagePage>> queryGroupMessages(QueryGroupMsgRequest request) {
        return call(Action.QUERY_GROUP_MSG, request, AnswerReading.messagePage());
    }

    public CompletionStage<Outcome<MessagePage>> queryPeerMessages(QueryPeerMsgRequest request) {
        return call(Action.QUERY_PEER_MSG, request, AnswerReading.messagePage());
    }

    @Override
    public void close() {
        transport.close();
    }

    private <T> CompletionStage<Outcome<T>> call(Action action, Object request, AnswerReading<T> reading) {
        Objects.requireNonNull(request, "request");
        byte[] body;
        try {
            body = ZimJson.encode(request);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(
                    new Outcome.Fatal<>(null, "cannot encode the " + action.wireName() + " body: " + Redaction.describe(e)));
        }
        return attempt(action, body, reading, true)
                .exceptionally(e -> maybeApplied(action, "gateway failure: " + Redaction.describe(e)));
    }

    /** One signed send; {@code mayResign} allows the single re-signed retry after 100000005. */
    private <T> CompletionStage<Outcome<T>> attempt(Action action, byte[] body, AnswerReading<T> reading,
                                                    boolean mayResign) {
        SignedQuery query;
        try {
            query = new SignedQuery(signer.commonParameters(action.wireName()));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(
                    new Outcome.Fatal<>(null, "cannot sign the request: " + Redaction.describe(e)));
        }
        CompletionStage<TransportResult> sent;
        try {
            sent = transport.post(action.wireName(), query, body);
        } catch (RuntimeException e) {
            // A transport must not throw; if one does anyway, assume the worst about the request.
            sent = CompletableFuture.completedFuture(new TransportResult.MaybeSent(Redaction.describe(e)));
        }
        if (sent == null) {
            sent = CompletableFuture.completedFuture(new TransportResult.MaybeSent("transport returned no result"));
        }
        return sent.<CompletionStage<Outcome<T>>>handle((result, failure) -> {
            TransportResult r = failure != null ? new TransportResult.MaybeSent(Redaction.describe(failure)) : result;
            try {
                return interpret(action, body, reading, mayResign, r);
            } catch (RuntimeException e) {
                return CompletableFuture.completedFuture(
                        ZimProtocolGateway.<T>maybeApplied(action, "cannot read the answer: " + Redaction.describe(e)));
            }
        }).thenCompose(stage -> stage);
    }

    private <T> CompletionStage<Outcome<T>> interpret(Action action, byte[] body, AnswerReading<T> reading,
                                                      boolean mayResign, TransportResult result) {
        if (result instanceof TransportResult.NotSent notSent) {
            String reason = "not sent: " + notSent.reason();
            return logged(action, outageOr(reason, new Outcome.RetryLater<>(null, reason)));
        }
        if (result instanceof TransportResult.MaybeSent maybe) {
            String reason = "no answer: " + maybe.reason();
            return logged(action, outageOr(reason, maybeApplied(action, reason)));
        }
        TransportResult.Answered answered = (TransportResult.Answered) Objects.requireNonNull(result, "result");
        Optional<ZimAnswer> zim = ZimAnswer.read(answered.body());
        if (zim.isEmpty()) {
            Outcome<T> outcome = bare(action, answered.status());
            boolean passing = outcome instanceof Outcome.RetryLater || outcome instanceof Outcome.Unknown;
            return logged(action, passing
                    ? outageOr("HTTP " + answered.status() + " without a ZIM answer", outcome) : outcome);
        }
        outage.clear();
        ZimAnswer answer = zim.get();
        Verdict verdict = reading.verdict(answer);
        boolean signatureRefused = verdict == Verdict.RESIGN_ONCE_THEN_FATAL || verdict == Verdict.RESIGN;
        if (signatureRefused && mayResign) {
            Log.LOG.debug("{}: signature refused ({}), re-signing once", action.wireName(), answer.code());
            return attempt(action, body, reading, false);
        }
        if (verdict == Verdict.RESIGN) {
            return logged(action, expiredTwice(answer));
        }
        if (!signatureRefused) {
            clockSkew.clear();
        }
        return logged(action, coded(action, reading, verdict, answer));
    }

    /**
     * While ZIM has answered nothing for less than {@link Patience#outage()}, {@code usual}; after that, fatal: the
     * server is gone for longer than a restart, and retrying for ever would only hide it.
     */
    private <T> Outcome<T> outageOr(String reason, Outcome<T> usual) {
        long lasted = outage.occurred(clock.millis());
        if (lasted < patience.outage().toMillis()) {
            return usual;
        }
        return new Outcome.Fatal<>(null, "nothing for " + seconds(lasted) + " (no ZIM answer at all; the give-up "
                + "time is " + seconds(patience.outage().toMillis()) + "; last: " + reason + "): check the network, "
                + "the endpoint and ZIM's status, then run the same command again to resume");
    }

    /** A freshly signed request was refused as expired: the clocks differ by more than ZIM tolerates. */
    private <T> Outcome<T> expiredTwice(ZimAnswer answer) {
        long lasted = clockSkew.occurred(clock.millis());
        String cause = "the signature expired although freshly signed: this machine's clock is probably more than "
                + "10 minutes off ZIM's (ZIM's tolerance); ZIM said: " + answer.describe();
        if (lasted < patience.clockSkew().toMillis()) {
            return new Outcome.RetryLater<>(answer.code(), cause);
        }
        return new Outcome.Fatal<>(answer.code(), cause + ". Refused for " + seconds(lasted) + ": correct the clock "
                + "(e.g. enable NTP), then run the same command again to resume");
    }

    private static String seconds(long millis) {
        return Duration.ofMillis(millis).toSeconds() + " s";
    }

    private <T> Outcome<T> coded(Action action, AnswerReading<T> reading, Verdict verdict, ZimAnswer answer) {
        try {
            return switch (verdict) {
                case DONE -> answer.code() == 0
                        ? new Outcome.Done<>(reading.done(answer))
                        : new Outcome.Rejected<>(answer.code(), answer.describe());
                case ALREADY_DONE -> {
                    Optional<T> value = reading.alreadyDone(answer);
                    yield value.<Outcome<T>>map(Outcome.Done::new)
                            .orElseGet(() -> new Outcome.Rejected<>(answer.code(), answer.describe()));
                }
                case RETRY_LATER -> new Outcome.RetryLater<>(answer.code(), answer.describe(),
                        ZimCodes.isThrottle(answer.code()));
                // Never reached: interpret() re-signs once, then reads a second expiry as a clock problem.
                case RESIGN -> expiredTwice(answer);
                case RESIGN_ONCE_THEN_FATAL -> new Outcome.Fatal<>(answer.code(),
                        "signature refused twice, each freshly signed: check the AppId and the ServerSecret, and that "
                                + "this machine's clock is within 10 minutes of the real time; ZIM said: "
                                + answer.describe());
                case REJECTED -> new Outcome.Rejected<>(answer.code(), answer.describe());
                case FATAL -> new Outcome.Fatal<>(answer.code(), answer.describe());
                case MAYBE_APPLIED -> maybeApplied(action, answer.describe());
            };
        } catch (java.io.IOException e) {
            // ZIM said yes (or "already"), but the rest of the body is not what the docs describe.
            return maybeApplied(action, "ZIM answered " + answer.code() + " but the body could not be read: "
                    + Redaction.describe(e));
        }
    }

    private <T> Outcome<T> bare(Action action, int status) {
        String what = "HTTP " + status + " without a ZIM answer";
        return switch (BareStatuses.verdictOf(status)) {
            // 429 is a proxy's "too many requests": as much a throttle as ZIM's own codes.
            case RETRY_LATER -> new Outcome.RetryLater<>(null, what, status == 429);
            case REJECTED -> new Outcome.Rejected<>(ZimCodes.NO_ZIM_CODE, what);
            case MAYBE_APPLIED -> maybeApplied(action, what);
            default -> new Outcome.Fatal<>(null, what + (status >= 300 && status < 400
                    ? ": the endpoint redirects (not followed); configure the final URL"
                    : ": check the endpoint and any proxy in between"));
        };
    }

    /** See the class comment: imports must be reconciled, the other calls are safe to repeat. */
    private static <T> Outcome<T> maybeApplied(Action action, String reason) {
        return action.isImport()
                ? new Outcome.Unknown<>(reason)
                : new Outcome.RetryLater<>(null, reason + " (" + action.wireName() + " is safe to repeat)");
    }

    private static <T> CompletionStage<Outcome<T>> logged(Action action, Outcome<T> outcome) {
        if (Log.LOG.isDebugEnabled()) {
            Log.LOG.debug("{} -> {}", action.wireName(), outcome instanceof Outcome.Done ? "Done" : outcome);
        }
        return CompletableFuture.completedFuture(outcome);
    }

    /** The transport (its endpoint) and the AppId; never the secret. */
    @Override
    public String toString() {
        return "ZimGateway[" + transport + ", " + signer + "]";
    }
}
