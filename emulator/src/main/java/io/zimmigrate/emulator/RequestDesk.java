package io.zimmigrate.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.zimmigrate.core.wire.Action;
import io.zimmigrate.core.wire.ZimJson;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Takes each HTTP request through ZIM's stages: count it, check the Action and the signature, apply the request
 * cap, roll for a fault, do the work, and answer (at once, later, or never). Runs on the event loop; the state it
 * touches is synchronized, and delays use timers, never sleeps.
 */
final class RequestDesk {
    private static final String UNSUPPORTED = "unsupported Action";

    private final Clock clock;
    private final long answerDelayMillis;
    private final Traffic traffic;
    private final FaultDice dice;
    private final Authenticator authenticator;
    private final RequestCap cap;
    private final ImportHandler imports;
    private final ProvisioningHandler provisioning;
    private final QueryHandler queries;
    /** ZIM's RequestIds are large decimal numbers; these count up so a test can tell answers apart. */
    private final AtomicLong requestIds = new AtomicLong(343_649_807_833_778_000L);

    RequestDesk(EmulatorConfig config, Traffic traffic, FaultDice dice, Authenticator authenticator,
                RequestCap cap, ImportHandler imports, ProvisioningHandler provisioning, QueryHandler queries) {
        this.clock = config.clock();
        this.answerDelayMillis = config.answerDelay().toMillis();
        this.traffic = traffic;
        this.dice = dice;
        this.authenticator = authenticator;
        this.cap = cap;
        this.imports = imports;
        this.provisioning = provisioning;
        this.queries = queries;
    }

    void handle(RoutingContext ctx) {
        String action = ctx.request().getParam("Action");
        traffic.received(action == null ? "" : action);
        long now = clock.millis();
        Optional<Answer> refusal = gate(action, ctx);
        if (refusal.isPresent()) {
            reply(ctx, refusal.get(), answerDelayMillis, false);
            return;
        }
        if (!cap.tryAccept(action, now)) {
            traffic.throttled(action);
            reply(ctx, Answer.of(Codes.APP_RATE_LIMIT, "the call frequency is over the AppID-level limit"),
                    answerDelayMillis, false);
            return;
        }
        traffic.accepted(action, now);
        FaultDice.Roll roll = dice.roll();
        long delay = answerDelayMillis + roll.extraDelayMillis();
        if (roll.kind() == FaultDice.Kind.LATE) {
            // Taken in, never answered, applied long after the caller gave up: it finds out only by reading back.
            Action late = Action.ofWireName(action);
            ctx.vertx().setTimer(Math.max(1, dice.faults().lateDelay().toMillis()),
                    id -> work(late, ctx, clock.millis()));
            reply(ctx, Answer.success(), delay, true);
            return;
        }
        Answer answer = switch (roll.kind()) {
            case BUSY -> Answer.of(Codes.BUSY, "request failed, server busy");
            case HTTP_500 -> Answer.serverError();
            case NONE, LOST, LATE -> work(Action.ofWireName(action), ctx, now);
        };
        if (roll.kind() == FaultDice.Kind.LOST && answer.code() == Codes.SUCCESS && isImport(action)) {
            traffic.importAnswerLost(messageType(ctx));
        }
        reply(ctx, answer, delay, roll.kind() == FaultDice.Kind.LOST);
    }

    private Optional<Answer> gate(String action, RoutingContext ctx) {
        if (action == null || action.isEmpty()) {
            return Optional.of(Answer.of(Codes.ACTION_EMPTY, "Action is empty"));
        }
        if (!isKnown(action)) {
            return Optional.of(Answer.of(Codes.ACTION_UNSUPPORTED, UNSUPPORTED));
        }
        return authenticator.refusal(ctx.request()::getParam);
    }

    private static boolean isKnown(String action) {
        for (Action a : Action.values()) {
            if (a.wireName().equals(action)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isImport(String action) {
        return Action.IMPORT_GROUP_MSG.wireName().equals(action) || Action.IMPORT_PEER_MSG.wireName().equals(action);
    }

    /** The MessageType of an import that was applied (so its body parsed), for the lost-answer tally. */
    private static int messageType(RoutingContext ctx) {
        try {
            return ZimJson.mapper().readTree(ctx.body().buffer().getBytes()).path("MessageType").asInt(-1);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private Answer work(Action action, RoutingContext ctx, long now) {
        JsonNode body;
        try {
            Buffer buffer = ctx.body().buffer();
            body = buffer == null || buffer.length() == 0
                    ? ZimJson.mapper().createObjectNode()
                    : ZimJson.mapper().readTree(buffer.getBytes());
        } catch (IOException e) {
            return Answer.of(Codes.PARAM_ERROR, "input parameter error: the body is not JSON");
        }
        try {
            return switch (action) {
                case IMPORT_GROUP_MSG -> imports.importGroup(body, now);
                case IMPORT_PEER_MSG -> imports.importPeer(body, now);
                case USER_REGISTER -> provisioning.registerUsers(body);
                case CREATE_GROUP -> provisioning.createGroup(body, now);
                case INVITE_USERS_INTO_GROUP -> provisioning.inviteUsers(body, now);
                case QUERY_GROUP_MSG -> queries.queryGroup(body);
                case QUERY_PEER_MSG -> queries.queryPeer(body);
            };
        } catch (RuntimeException e) {
            // An emulator bug must not look like a ZIM rule: answer ZIM's "logic processing error" and say what broke.
            return Answer.of(660_000_003L, "emulator internal error: " + e);
        }
    }

    private void reply(RoutingContext ctx, Answer answer, long delayMillis, boolean lost) {
        String requestId = Long.toString(requestIds.incrementAndGet());
        if (delayMillis <= 0) {
            send(ctx, answer, requestId, lost);
        } else {
            ctx.vertx().setTimer(delayMillis, id -> send(ctx, answer, requestId, lost));
        }
    }

    private static void send(RoutingContext ctx, Answer answer, String requestId, boolean lost) {
        if (lost) {
            // The work is done; the caller never learns it. This is what a timeout after sending looks like.
            ctx.request().connection().close();
            return;
        }
        HttpServerResponse response = ctx.response();
        if (response.closed() || response.ended()) {
            return;
        }
        if (answer.body() == null) {
            response.setStatusCode(answer.status()).end();
            return;
        }
        response.setStatusCode(answer.status())
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .end(Buffer.buffer(ZimJson.encode(ordered(answer.body(), requestId))));
    }

    /** {@code Code, Message, RequestId} first, as ZIM writes them, then the API's own fields. */
    private static ObjectNode ordered(ObjectNode body, String requestId) {
        ObjectNode out = ZimJson.mapper().createObjectNode();
        out.set("Code", body.get("Code"));
        out.set("Message", body.get("Message"));
        out.put("RequestId", requestId);
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            if (!out.has(field.getKey())) {
                out.set(field.getKey(), field.getValue());
            }
        }
        return out;
    }
}
